package io.gradstream.publisher.source;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import java.util.Optional;

/**
 * Sees every explained frame the publisher reads, at least once, before its offset is committed:
 * the alert engine. It returns once what it must not lose (alerts) is durably written, or throws,
 * and the frame is read again after a restart.
 */
@FunctionalInterface
public interface DetectionsListener {
  /**
   * @param detections one frame's detections
   * @param frame finds the frame itself (for snapshots)
   */
  void onDetections(ExplainedFrame detections, FrameLookup frame) throws Exception;

  /**
   * A frame read again after a (re)start only to rebuild state: it lies before the committed
   * offset, so whatever it raised was written before that commit. Step the rules with it and write
   * nothing. Without it, an episode half seen before a restart would need all its frames again.
   */
  default void recall(ExplainedFrame detections) {}

  /** {@link #onDetections(ExplainedFrame, FrameLookup)} with a frame known now or never. */
  default void onDetections(ExplainedFrame detections, Optional<FrameEnvelope> frame)
      throws Exception {
    onDetections(detections, FrameLookup.held(frame));
  }
}

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
   * @param frame the frame itself when the publisher still holds it (for snapshots)
   */
  void onDetections(ExplainedFrame detections, Optional<FrameEnvelope> frame) throws Exception;
}

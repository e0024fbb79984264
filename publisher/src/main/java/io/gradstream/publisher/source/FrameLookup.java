package io.gradstream.publisher.source;

import io.gradstream.common.wire.FrameEnvelope;
import java.time.Duration;
import java.util.Optional;

/**
 * The frame that a detections record belongs to, for alert snapshots. The two topics are read by
 * different consumers, so a frame may arrive just after its detections: a caller that needs the
 * frame (an alert was raised) may wait a little for it.
 */
@FunctionalInterface
public interface FrameLookup {
  /**
   * The frame, waiting for it until at most {@code afterCapture} past its capture time when it is
   * not held yet (no wait for a frame captured longer ago than that: it would have come).
   */
  Optional<FrameEnvelope> frame(Duration afterCapture);

  /** A lookup that answers {@code frame} at once, whatever the wait. */
  static FrameLookup held(Optional<FrameEnvelope> frame) {
    return afterCapture -> frame;
  }
}

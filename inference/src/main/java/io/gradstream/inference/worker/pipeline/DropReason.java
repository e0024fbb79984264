package io.gradstream.inference.worker.pipeline;

import java.util.Locale;

/** Why a consumed frame produced no detections. */
public enum DropReason {
  /**
   * Older than {@code inference.max-frame-age-ms} when the worker got to it: live video beats
   * completeness.
   */
  STALE,
  /**
   * The detector fell behind and a newer frame took the frame's place in the bounded queue (latest
   * wins).
   */
  BACKPRESSURE,
  /**
   * Not a frame gradstream can read (not a FrameEnvelope, not JPEG, corrupt image); sent to the
   * dead-letter topic.
   */
  UNDECODABLE,
  /** The detector failed on the frame's batch. */
  DETECTOR_ERROR,
  /**
   * The frame's partition moved to another worker while the frame was in flight; that worker does
   * it again.
   */
  REVOKED;

  /** The metric label value. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

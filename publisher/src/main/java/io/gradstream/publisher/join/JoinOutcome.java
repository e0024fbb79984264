package io.gradstream.publisher.join;

/**
 * What the join made of a frame; {@link #label()} is the {@code outcome} label of the frames
 * metric.
 */
public enum JoinOutcome {
  /** Sent with its detections. */
  JOINED("joined"),
  /** Sent without detections: none came within the join timeout. */
  WITHOUT_DETECTIONS("without_detections"),
  /** Pushed out of a full join buffer before anything came for it. */
  EVICTED("evicted"),
  /** Not sent: a newer frame of its camera was already out. */
  LATE("late");

  private final String label;

  JoinOutcome(String label) {
    this.label = label;
  }

  /** The metric label value. */
  public String label() {
    return label;
  }

  /** Told of each frame's outcome, under the joiner's lock: must not block. */
  @FunctionalInterface
  public interface Listener {
    /** A frame of {@code cameraId} ended as {@code outcome}. */
    void counted(String cameraId, JoinOutcome outcome);
  }
}

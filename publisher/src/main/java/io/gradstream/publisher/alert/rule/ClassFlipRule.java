package io.gradstream.publisher.alert.rule;

import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.wire.Detection;
import io.gradstream.publisher.alert.AlertType;
import java.util.Optional;

/**
 * A track that held one class for at least {@code stable-frames} frames is given another class for
 * {@code stable-frames} frames in a row: the object did not change, so the detector's idea of it
 * did. One odd frame is not a flip; the new class becomes the one the next flip is measured
 * against.
 */
public final class ClassFlipRule implements AlertRule {
  private final int stableFrames;

  /** A rule with {@code config}'s frame count. */
  public ClassFlipRule(ClassFlipRuleConfig config) {
    if (config.stableFrames() < 1) {
      throw new IllegalArgumentException(
          "stable-frames must be at least 1, got " + config.stableFrames());
    }
    this.stableFrames = config.stableFrames();
  }

  @Override
  public AlertType type() {
    return AlertType.CLASS_FLIP;
  }

  @Override
  public TrackRuleState newTrackState() {
    return new State();
  }

  private final class State implements TrackRuleState {
    private boolean started;
    private int heldClass;
    private String heldLabel;
    private int heldRun;
    private int candidateClass = -1;
    private int candidateRun;
    private long candidateStartSeq;

    @Override
    public Optional<Trigger> observe(long seq, Detection d) {
      if (!started || d.getClassId() == heldClass) {
        if (!started) {
          started = true;
          heldClass = d.getClassId();
          heldLabel = d.getLabel();
        }
        heldRun++;
        candidateRun = 0;
        candidateClass = -1;
        return Optional.empty();
      }
      if (d.getClassId() != candidateClass) {
        candidateClass = d.getClassId();
        candidateRun = 0;
        candidateStartSeq = seq;
      }
      candidateRun++;
      if (candidateRun < stableFrames) {
        return Optional.empty();
      }
      // The new class is established: it is what the next flip is measured against.
      boolean flipped = heldRun >= stableFrames;
      String reason =
          "track #"
              + d.getTrackId()
              + " changed class from "
              + heldLabel
              + " (held "
              + heldRun
              + " frames) to "
              + d.getLabel()
              + " ("
              + candidateRun
              + " frames in a row)";
      heldClass = candidateClass;
      heldLabel = d.getLabel();
      heldRun = candidateRun;
      candidateClass = -1;
      candidateRun = 0;
      return flipped ? Optional.of(new Trigger(candidateStartSeq, reason)) : Optional.empty();
    }
  }
}

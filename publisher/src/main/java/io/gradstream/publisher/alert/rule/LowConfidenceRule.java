package io.gradstream.publisher.alert.rule;

import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.wire.Detection;
import io.gradstream.publisher.alert.AlertType;
import java.util.Locale;

/**
 * A track's detections stay unreliable for {@code frames} frames: their reliability (the
 * probability that the detection is correct, from the worker's reliability model) is below {@code
 * reliability-threshold}. A detection without a reliability (a worker with no model) is judged by
 * its explanation confidence against {@code threshold} instead.
 */
public final class LowConfidenceRule implements AlertRule, FrameCondition {
  private final LowConfidenceRuleConfig config;

  /** A rule with {@code config}'s threshold and frame counts. */
  public LowConfidenceRule(LowConfidenceRuleConfig config) {
    this.config = config;
  }

  @Override
  public AlertType type() {
    return AlertType.LOW_CONFIDENCE;
  }

  @Override
  public TrackRuleState newTrackState() {
    return new EpisodeState(this, new Hysteresis(config.frames(), config.clearFrames()));
  }

  @Override
  public boolean applies(Detection detection) {
    return detection.hasQuality();
  }

  @Override
  public boolean isBad(Detection detection) {
    var q = detection.getQuality();
    return q.hasReliability()
        ? q.getReliability() < config.reliabilityThreshold()
        : q.getConfidence() < config.threshold();
  }

  @Override
  public String reason(Detection d, int frames) {
    var q = d.getQuality();
    if (q.hasReliability()) {
      return String.format(
          Locale.ROOT,
          "reliability %.3f below %.3f for %d frames in a row (%s #%d, score %.2f): likely a "
              + "false detection",
          q.getReliability(),
          config.reliabilityThreshold(),
          frames,
          d.getLabel(),
          d.getTrackId(),
          d.getScore());
    }
    return String.format(
        Locale.ROOT,
        "explanation confidence %.3f below %.3f for %d frames in a row (%s #%d, score %.2f)",
        q.getConfidence(),
        config.threshold(),
        frames,
        d.getLabel(),
        d.getTrackId(),
        d.getScore());
  }
}

package io.gradstream.publisher.alert.rule;

import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.wire.Detection;
import io.gradstream.publisher.alert.AlertType;
import java.util.Locale;

/**
 * The explanation's confidence stays below the threshold for {@code frames} frames of one track: the
 * detector's reasons for this object cannot be read off its map.
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
    return detection.getQuality().getConfidence() < config.threshold();
  }

  @Override
  public String reason(Detection d, int frames) {
    return String.format(Locale.ROOT, "explanation confidence %.3f below %.3f for %d frames in a row (%s #%d, score %.2f)",
        d.getQuality().getConfidence(), config.threshold(), frames, d.getLabel(), d.getTrackId(), d.getScore());
  }
}

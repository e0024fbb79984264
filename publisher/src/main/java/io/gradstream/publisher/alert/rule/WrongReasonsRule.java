package io.gradstream.publisher.alert.rule;

import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.common.wire.Detection;
import io.gradstream.publisher.alert.AlertType;
import java.util.Locale;

/**
 * "Right for the wrong reasons": the detector is sure of the object (score at least {@code
 * min-score}) while at most {@code max-energy-in-box} of its map's energy lies inside the box, for
 * {@code frames} frames of one track. The detector looks elsewhere to find it, e.g. at context it
 * learned to expect.
 */
public final class WrongReasonsRule implements AlertRule, FrameCondition {
  private final WrongReasonsRuleConfig config;

  /** A rule with {@code config}'s thresholds and frame counts. */
  public WrongReasonsRule(WrongReasonsRuleConfig config) {
    this.config = config;
  }

  @Override
  public AlertType type() {
    return AlertType.WRONG_REASONS;
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
    return detection.getScore() >= config.minScore()
        && detection.getQuality().getEnergyInBox() <= config.maxEnergyInBox();
  }

  @Override
  public String reason(Detection d, int frames) {
    return String.format(
        Locale.ROOT,
        "%s #%d scored %.2f (>= %.2f) with only %.1f%% of its map's energy inside the box (<= %.1f%%) for %d frames in a row",
        d.getLabel(),
        d.getTrackId(),
        d.getScore(),
        config.minScore(),
        100.0 * d.getQuality().getEnergyInBox(),
        100.0 * config.maxEnergyInBox(),
        frames);
  }
}

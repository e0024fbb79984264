package io.gradstream.common.config;

/**
 * Fires when a track's detections stay unreliable for {@code frames} consecutive frames; the
 * episode ends after {@code clearFrames} consecutive frames that are not. A detection is unreliable
 * when its reliability (the probability it is correct, from the worker's reliability model) is
 * below {@code reliabilityThreshold}; a detection without one (the worker has no model) falls back
 * to its explanation confidence below {@code threshold}.
 *
 * @param reliabilityThreshold the default was chosen on the fit half of the labelled evaluation set
 *     (docs/ALERTS.md)
 */
public record LowConfidenceRuleConfig(
    boolean enabled, double threshold, int frames, int clearFrames, double reliabilityThreshold) {
  /** The default {@code reliability-threshold} (defaults.yaml holds the same). */
  public static final double DEFAULT_RELIABILITY_THRESHOLD = 0.35;

  /** A rule with the default reliability threshold. */
  public LowConfidenceRuleConfig(boolean enabled, double threshold, int frames, int clearFrames) {
    this(enabled, threshold, frames, clearFrames, DEFAULT_RELIABILITY_THRESHOLD);
  }
}

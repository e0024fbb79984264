package io.gradstream.common.config;

/**
 * Fires when a track's explanation confidence stays below {@code threshold} for {@code frames}
 * consecutive frames; the episode ends after {@code clearFrames} consecutive frames at or above it.
 */
public record LowConfidenceRuleConfig(boolean enabled, double threshold, int frames, int clearFrames) {}

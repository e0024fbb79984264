package io.gradstream.common.config;

/**
 * Fires when a track that held one class for at least {@code stableFrames} frames is then given
 * another class for {@code stableFrames} frames (so one noisy frame is not a flip).
 */
public record ClassFlipRuleConfig(boolean enabled, int stableFrames) {}

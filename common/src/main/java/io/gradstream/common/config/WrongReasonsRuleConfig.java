package io.gradstream.common.config;

/**
 * "Right for the wrong reasons": fires when a track scores at least {@code minScore} while at most
 * {@code maxEnergyInBox} of its map's energy lies inside its box, for {@code frames} consecutive
 * frames; the episode ends after {@code clearFrames} consecutive frames without it.
 */
public record WrongReasonsRuleConfig(
    boolean enabled, double minScore, double maxEnergyInBox, int frames, int clearFrames) {}

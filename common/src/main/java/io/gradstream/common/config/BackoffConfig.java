package io.gradstream.common.config;

/**
 * Capped exponential backoff with jitter.
 *
 * @param initialDelayMs first delay
 * @param maxDelayMs cap
 * @param multiplier growth per attempt
 * @param jitter share (0-1) of each delay taken off at random, so cameras do not retry in lockstep
 */
public record BackoffConfig(
    long initialDelayMs, long maxDelayMs, double multiplier, double jitter) {}

package io.gradstream.common.retry;

import io.gradstream.common.config.BackoffConfig;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the n-th retry (from 0) waits {@code min(max, initial *
 * multiplier^n)} minus a random share of up to {@code jitter} of it. Jitter spreads the retries of
 * many cameras that lost the same server at the same moment.
 */
public final class BackoffPolicy {
  private final BackoffConfig config;
  private final DoubleSupplier random;

  /** A policy drawing jitter from {@link Math#random()}. */
  public BackoffPolicy(BackoffConfig config) {
    this(config, Math::random);
  }

  /** A policy with a given source of uniform numbers in [0, 1), for tests. */
  public BackoffPolicy(BackoffConfig config, DoubleSupplier random) {
    this.config = config;
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    double exponential =
        config.initialDelayMs() * Math.pow(config.multiplier(), Math.max(0, attempt));
    double capped = Math.min(config.maxDelayMs(), exponential);
    double jittered = capped * (1.0 - config.jitter() * random.getAsDouble());
    return Duration.ofMillis(Math.max(1, Math.round(jittered)));
  }
}

package io.gradstream.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A named answer to "this attempt failed: try again, and when?". It says which failures are retried
 * ({@code retried}, with a sentence for people in {@code whatIsRetried}), the pause before each
 * retry ({@code backoff}), how many attempts in all ({@code maxAttempts}, {@link #UNLIMITED} for no
 * limit) and what happens once it says no ({@code afterGivingUp}). Every policy gradstream uses is
 * built in {@link RetryPolicies}, so the whole retry behaviour of the system is in one file.
 *
 * @param <F> what a failed attempt is described by (an exception, an HTTP answer)
 * @param name names the policy in logs and docs, e.g. {@code camera-reconnect}
 * @param whatIsRetried which failures are retried, in words
 * @param retried which failures are retried, as code
 * @param backoff the pause before retry n (from 0)
 * @param maxAttempts attempts in all, including the first; {@link #UNLIMITED} never gives up
 * @param afterGivingUp what happens when a failure is not retried or the attempts are used up, in
 *     words
 */
public record RetryPolicy<F>(
    String name,
    String whatIsRetried,
    Predicate<? super F> retried,
    BackoffPolicy backoff,
    int maxAttempts,
    String afterGivingUp) {
  /** {@code maxAttempts} of a policy that never gives up on a failure it retries. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  public RetryPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(whatIsRetried, "whatIsRetried");
    Objects.requireNonNull(retried, "retried");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(afterGivingUp, "afterGivingUp");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** Whether {@code failure} is the kind this policy retries (regardless of attempts used). */
  public boolean retries(F failure) {
    return retried.test(failure);
  }

  /**
   * The pause before the next attempt after {@code failedAttempts} attempts failed, the last with
   * {@code failure}; empty when the failure is not retried or the attempts are used up.
   */
  public Optional<Duration> retryAfter(int failedAttempts, F failure) {
    if (failedAttempts >= maxAttempts || !retried.test(failure)) {
      return Optional.empty();
    }
    return Optional.of(backoff.delay(failedAttempts - 1));
  }

  /**
   * The same policy with another number of attempts (a per-target setting such as a webhook's
   * max-attempts).
   */
  public RetryPolicy<F> withMaxAttempts(int attempts) {
    return new RetryPolicy<>(name, whatIsRetried, retried, backoff, attempts, afterGivingUp);
  }

  /** The same policy with other pauses (tests, or a configured backoff). */
  public RetryPolicy<F> withBackoff(BackoffPolicy other) {
    return new RetryPolicy<>(name, whatIsRetried, retried, other, maxAttempts, afterGivingUp);
  }
}

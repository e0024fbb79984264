package io.gradstream.inference.worker.sink;

import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.retry.BackoffPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.RetriableException;

/**
 * When a write the worker must not lose (detections, dead letters) failed, whether and when to try
 * again. The producer already retries inside its {@code delivery.timeout.ms}; this policy decides what
 * happens after the producer gave up: which errors are worth another round (those Kafka marks
 * {@link RetriableException}: broker unreachable, leader moving, not enough in-sync replicas, timeouts),
 * how many rounds, and the pause between them. When it says no, the write is lost for this worker: it
 * stops and leaves the group without committing past the record, so the next owner redoes it.
 *
 * @param name        names the policy in logs
 * @param maxAttempts total attempts including the first
 * @param backoff     pause before each retry
 * @param retriable   which errors are retried
 */
public record DeliveryRetryPolicy(String name, int maxAttempts, BackoffPolicy backoff, Predicate<Throwable> retriable) {

  public DeliveryRetryPolicy {
    Objects.requireNonNull(name, "name");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /**
   * The policy for the inference worker's writes: Kafka's retriable errors, 4 attempts in all, 1 s
   * then 2 s then 4 s apart (with jitter). With the producer's 30 s delivery timeout per attempt, a
   * worker rides out about two minutes of broker trouble before it hands its partitions on.
   */
  public static DeliveryRetryPolicy workerWrites() {
    return new DeliveryRetryPolicy("worker-writes", 4, new BackoffPolicy(new BackoffConfig(1_000, 8_000, 2.0, 0.2)),
        e -> e instanceof RetriableException);
  }

  /**
   * The pause before the next attempt after {@code failedAttempts} attempts failed, the last with
   * {@code error}; empty when the error is not retried or the attempts are used up.
   */
  public Optional<Duration> retryAfter(int failedAttempts, Throwable error) {
    if (failedAttempts >= maxAttempts || !retriable.test(error)) {
      return Optional.empty();
    }
    return Optional.of(backoff.delay(failedAttempts - 1));
  }
}

package io.gradstream.common.retry;

import io.gradstream.common.config.BackoffConfig;
import java.time.Duration;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every retry policy gradstream uses, by name. A call site that retries takes its policy from here,
 * so what is retried, how often and for how long can be read (and changed) in one place.
 *
 * <table>
 * <caption>gradstream's retry policies</caption>
 * <tr><th>name</th><th>used by</th><th>retried</th><th>backoff</th><th>attempts</th><th>after giving up</th></tr>
 * <tr><td>camera-reconnect</td><td>ingest capture loop</td><td>every source error not permanent</td>
 *     <td>{@code ingest.reconnect} (default 0.5 s doubling to 30 s, 20 % jitter)</td><td>unlimited</td>
 *     <td>a permanent error (bad credentials, missing file) marks the camera failed</td></tr>
 * <tr><td>webhook-delivery</td><td>publisher webhooks</td><td>5xx, 408, 429, timeouts, network errors</td>
 *     <td>{@code publisher.alerts.webhook-retry}</td><td>the webhook's {@code max-attempts}</td>
 *     <td>outcome gave-up (or rejected for other answers), counted; the alert stays on the alerts topic</td></tr>
 * <tr><td>worker-writes</td><td>inference detections and dead letters</td><td>Kafka retriable errors</td>
 *     <td>1 s, 2 s, 4 s (20 % jitter), each attempt within the producer's 30 s delivery timeout</td><td>4</td>
 *     <td>the worker stops without committing; the partition's next owner redoes the frame</td></tr>
 * <tr><td>alert-writes</td><td>publisher detections reader</td><td>any failure to handle an explained frame
 *     (alert not written)</td><td>1 s fixed</td><td>unlimited</td><td>never gives up: the frame is read again
 *     until its alert is written, never skipped</td></tr>
 * <tr><td>dead-letter-writes</td><td>publisher detections reader</td><td>any failure to write a dead letter</td>
 *     <td>1 s fixed</td><td>unlimited</td><td>never gives up: the offset is not committed past an
 *     undecodable record before its dead letter is written</td></tr>
 * <tr><td>registry-writes</td><td>camera REST API, cameras from config</td><td>Kafka retriable errors, inside the
 *     producer for {@link #REGISTRY_WRITE_TIMEOUT}</td><td>the producer's</td><td>1 (one send)</td>
 *     <td>the API answers 503 / start fails, naming Kafka; the caller may try again</td></tr>
 * <tr><td>republish-reconnect</td><td>annotated RTSP republish</td><td>every push failure</td>
 *     <td>0.5 s doubling to 30 s, 20 % jitter</td><td>unlimited</td><td>n/a (frames meanwhile are not pushed)</td></tr>
 * <tr><td>kafka-reader</td><td>camera registry, camera directory, publisher readers</td><td>any unexpected
 *     error of a reader loop (not a close)</td><td>1 s doubling to 30 s, 20 % jitter</td><td>unlimited</td>
 *     <td>n/a; the reader reports itself unhealthy while it waits</td></tr>
 * </table>
 *
 * <p>Kafka clients also retry inside themselves (reconnects with {@code reconnect.backoff.ms},
 * produce retries within {@code delivery.timeout.ms}); the policies here decide what happens after
 * the client gave up.
 */
public final class RetryPolicies {
  /** How long the registry producer retries one write before the caller hears it failed. */
  public static final Duration REGISTRY_WRITE_TIMEOUT = Duration.ofSeconds(15);

  private RetryPolicies() {}

  /**
   * Reopening a camera source: every failure but a permanent one, without end, with the configured
   * backoff.
   */
  public static RetryPolicy<Throwable> cameraReconnect(BackoffConfig reconnect) {
    return new RetryPolicy<>(
        "camera-reconnect",
        "every source error that is not permanent",
        e -> !(e instanceof PermanentFailure p && p.isPermanent()),
        new BackoffPolicy(reconnect),
        RetryPolicy.UNLIMITED,
        "a permanent error (wrong credentials, missing file) marks the camera failed until it is registered again");
  }

  /**
   * Delivering an alert to one webhook, up to {@code maxAttempts} attempts with the configured
   * backoff.
   */
  public static RetryPolicy<HttpFailure> webhookDelivery(BackoffConfig retry, int maxAttempts) {
    return new RetryPolicy<>(
        "webhook-delivery",
        "5xx, 408 and 429 answers, timeouts and network errors",
        HttpFailure::mayPassLater,
        new BackoffPolicy(retry),
        maxAttempts,
        "the delivery ends as gave-up (or rejected for other answers) and is counted; the alert stays on the alerts "
            + "topic");
  }

  /** The inference worker's writes of detections and dead letters. */
  public static RetryPolicy<Throwable> workerWrites() {
    return new RetryPolicy<>(
        "worker-writes",
        "Kafka retriable errors (broker unreachable, leader moving, not enough "
            + "in-sync replicas, timeouts)",
        e -> e instanceof RetriableException,
        new BackoffPolicy(new BackoffConfig(1_000, 8_000, 2.0, 0.2)),
        4,
        "the worker stops without committing past the record; the partition's next owner redoes it");
  }

  /**
   * The publisher handling an explained frame (its alert written to Kafka) before committing it.
   */
  public static RetryPolicy<Throwable> alertWrites() {
    return new RetryPolicy<>(
        "alert-writes",
        "any failure to handle an explained frame",
        e -> true,
        new BackoffPolicy(new BackoffConfig(1_000, 1_000, 1.0, 0)),
        RetryPolicy.UNLIMITED,
        "never gives up: the frame is read again until its alert is written");
  }

  /**
   * The publisher writing an undecodable detections record to the dead-letter topic before
   * committing past it.
   */
  public static RetryPolicy<Throwable> deadLetterWrites() {
    return new RetryPolicy<>(
        "dead-letter-writes",
        "any failure to write a dead letter",
        e -> true,
        new BackoffPolicy(new BackoffConfig(1_000, 1_000, 1.0, 0)),
        RetryPolicy.UNLIMITED,
        "never gives up: the offset is not committed past the record until its dead letter is written");
  }

  /**
   * A camera registry write; the producer retries inside {@link #REGISTRY_WRITE_TIMEOUT},
   * gradstream does not.
   */
  public static RetryPolicy<Throwable> registryWrites() {
    return new RetryPolicy<>(
        "registry-writes",
        "Kafka retriable errors, inside the producer for "
            + REGISTRY_WRITE_TIMEOUT.toSeconds()
            + " s",
        e -> false,
        new BackoffPolicy(new BackoffConfig(1, 1, 1.0, 0)),
        1,
        "the API call fails (503) or the start fails, naming Kafka; the caller may try again");
  }

  /** Pushing the annotated stream to an RTSP server. */
  public static RetryPolicy<Throwable> republishReconnect() {
    return new RetryPolicy<>(
        "republish-reconnect",
        "every push failure",
        e -> true,
        new BackoffPolicy(new BackoffConfig(500, 30_000, 2.0, 0.2)),
        RetryPolicy.UNLIMITED,
        "never gives up; frames are not pushed while it waits");
  }

  /**
   * A Kafka reader loop (registry, directory, publisher) that hit an unexpected error; a close is
   * not retried.
   */
  public static RetryPolicy<Throwable> kafkaReader() {
    return new RetryPolicy<>(
        "kafka-reader",
        "any unexpected error of a reader loop, not a close",
        e ->
            !(e instanceof WakeupException)
                && !(e instanceof InterruptedException)
                && !(e instanceof org.apache.kafka.common.errors.InterruptException),
        new BackoffPolicy(new BackoffConfig(1_000, 30_000, 2.0, 0.2)),
        RetryPolicy.UNLIMITED,
        "never gives up; the reader reports itself unhealthy while it waits");
  }
}

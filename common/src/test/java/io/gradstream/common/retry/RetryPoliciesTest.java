package io.gradstream.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.config.BackoffConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

/** Each named policy: what it retries, what it does not, and its bounds. */
class RetryPoliciesTest {
  private static final BackoffConfig NO_JITTER = new BackoffConfig(250, 2_000, 2.0, 0.0);

  /** A source failure that says whether it is permanent, as ingest's SourceException does. */
  private static final class SourceFailure extends IOException implements PermanentFailure {
    private final boolean permanent;

    SourceFailure(boolean permanent) {
      this.permanent = permanent;
    }

    @Override
    public boolean isPermanent() {
      return permanent;
    }
  }

  @Test
  void cameraReconnectRetriesTransientSourceErrorsWithoutEndAndNeverAPermanentOne() {
    RetryPolicy<Throwable> policy = RetryPolicies.cameraReconnect(NO_JITTER);
    assertThat(policy.retryAfter(1, new SourceFailure(false))).contains(Duration.ofMillis(250));
    assertThat(policy.retryAfter(2, new SourceFailure(false))).contains(Duration.ofMillis(500));
    assertThat(policy.retryAfter(1_000_000, new SourceFailure(false)))
        .as("capped, never gives up")
        .contains(Duration.ofMillis(2_000));
    assertThat(policy.retryAfter(1, new SourceFailure(true))).isEmpty();
    assertThat(policy.retryAfter(1, new ConnectException("refused")))
        .as("an unclassified error is retried")
        .isPresent();
  }

  @Test
  void webhookDeliveryRetriesServerErrorsTimeoutsAndNetworkFailuresUpToTheWebhooksAttempts() {
    RetryPolicy<HttpFailure> policy = RetryPolicies.webhookDelivery(NO_JITTER, 3);
    for (int status : new int[] {500, 502, 503, 408, 429}) {
      assertThat(policy.retries(HttpFailure.answered(status))).as("status %d", status).isTrue();
    }
    for (int status : new int[] {400, 401, 403, 404, 301, 410}) {
      assertThat(policy.retries(HttpFailure.answered(status))).as("status %d", status).isFalse();
    }
    assertThat(policy.retries(HttpFailure.noAnswer(new HttpTimeoutException("slow")))).isTrue();
    assertThat(policy.retries(HttpFailure.noAnswer(new ConnectException("refused")))).isTrue();
    assertThat(policy.retryAfter(1, HttpFailure.answered(503))).contains(Duration.ofMillis(250));
    assertThat(policy.retryAfter(2, HttpFailure.answered(503))).contains(Duration.ofMillis(500));
    assertThat(policy.retryAfter(3, HttpFailure.answered(503)))
        .as("the third attempt was the last")
        .isEmpty();
  }

  @Test
  void workerWritesRetryKafkasRetriableErrorsFourAttemptsInAll() {
    RetryPolicy<Throwable> policy = RetryPolicies.workerWrites();
    assertThat(policy.retries(new TimeoutException("no broker"))).isTrue();
    assertThat(policy.retries(new NotEnoughReplicasException("isr"))).isTrue();
    assertThat(policy.retries(new RecordTooLargeException("big"))).isFalse();
    assertThat(policy.retries(new SerializationException("bad"))).isFalse();
    assertThat(policy.maxAttempts()).isEqualTo(4);
    assertThat(policy.retryAfter(1, new TimeoutException("x")).orElseThrow())
        .isBetween(Duration.ofMillis(800), Duration.ofMillis(1_000));
    assertThat(policy.retryAfter(3, new TimeoutException("x")).orElseThrow())
        .isBetween(Duration.ofMillis(3_200), Duration.ofMillis(4_000));
    assertThat(policy.retryAfter(4, new TimeoutException("x"))).isEmpty();
  }

  @Test
  void alertAndDeadLetterWritesRetryEveryFailureEverySecondWithoutEnd() {
    for (RetryPolicy<Throwable> policy :
        new RetryPolicy[] {RetryPolicies.alertWrites(), RetryPolicies.deadLetterWrites()}) {
      assertThat(policy.maxAttempts()).as(policy.name()).isEqualTo(RetryPolicy.UNLIMITED);
      assertThat(policy.retryAfter(1, new IllegalStateException("x")))
          .as(policy.name())
          .contains(Duration.ofSeconds(1));
      assertThat(policy.retryAfter(10_000, new TimeoutException("x")))
          .as(policy.name())
          .contains(Duration.ofSeconds(1));
    }
  }

  @Test
  void registryWritesAreOneSendWithTheProducersOwnRetriesInside() {
    RetryPolicy<Throwable> policy = RetryPolicies.registryWrites();
    assertThat(policy.maxAttempts()).isEqualTo(1);
    assertThat(policy.retryAfter(1, new TimeoutException("x"))).isEmpty();
    assertThat(RetryPolicies.REGISTRY_WRITE_TIMEOUT).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void republishReconnectRetriesEveryPushFailureCappedAtThirtySeconds() {
    RetryPolicy<Throwable> policy = RetryPolicies.republishReconnect();
    assertThat(policy.retryAfter(1, new RuntimeException("refused")).orElseThrow())
        .isBetween(Duration.ofMillis(400), Duration.ofMillis(500));
    assertThat(policy.retryAfter(1_000, new RuntimeException("refused")).orElseThrow())
        .isBetween(Duration.ofSeconds(24), Duration.ofSeconds(30));
  }

  @Test
  void kafkaReaderRetriesUnexpectedErrorsButNeverAClose() {
    RetryPolicy<Throwable> policy = RetryPolicies.kafkaReader();
    assertThat(policy.retries(new TimeoutException("no broker"))).isTrue();
    assertThat(policy.retries(new IllegalStateException("bug"))).isTrue();
    assertThat(policy.retries(new WakeupException())).isFalse();
    assertThat(policy.retries(new InterruptException(new InterruptedException()))).isFalse();
    Thread.interrupted(); // InterruptException's constructor sets the flag
    assertThat(policy.retryAfter(100, new TimeoutException("x")).orElseThrow())
        .isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everyPolicySaysWhatItRetriesAndWhatHappensAfter() {
    for (RetryPolicy<?> policy :
        java.util.List.of(
            RetryPolicies.cameraReconnect(NO_JITTER),
            RetryPolicies.webhookDelivery(NO_JITTER, 3),
            RetryPolicies.workerWrites(),
            RetryPolicies.alertWrites(),
            RetryPolicies.deadLetterWrites(),
            RetryPolicies.registryWrites(),
            RetryPolicies.republishReconnect(),
            RetryPolicies.kafkaReader())) {
      assertThat(policy.whatIsRetried()).as(policy.name()).isNotBlank();
      assertThat(policy.afterGivingUp()).as(policy.name()).isNotBlank();
    }
  }
}

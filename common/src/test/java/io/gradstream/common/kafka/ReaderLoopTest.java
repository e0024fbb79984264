package io.gradstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.retry.BackoffPolicy;
import io.gradstream.common.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop around fake steps; the consumer is a real one that is never polled (nothing listens at
 * its address), so the test sees the loop wake and close it.
 */
class ReaderLoopTest {
  private static final RetryPolicy<Throwable> FAST =
      new RetryPolicy<>(
          "test-reader",
          "IllegalStateException only",
          e -> e instanceof IllegalStateException,
          new BackoffPolicy(new BackoffConfig(10, 10, 1.0, 0.0)),
          RetryPolicy.UNLIMITED,
          "gives up");

  private final Consumer<String, byte[]> consumer =
      KafkaClients.consumer(KafkaConnection.plaintext("127.0.0.1:1"), "loop-test", Map.of());
  private ReaderLoop loop;

  @AfterEach
  void stop() throws InterruptedException {
    if (loop != null) {
      loop.close();
    }
  }

  @Test
  void aFailingStepIsRetriedAndItsTroubleShownUntilAStepSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger(3);
    loop =
        new ReaderLoop(
                "test",
                "restart it",
                consumer,
                FAST,
                () -> {
                  calls.incrementAndGet();
                  if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("broker away");
                  }
                  pause();
                })
            .start();

    await().atMost(Duration.ofSeconds(10)).until(() -> loop.errors() == 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.trouble() == null && calls.get() > 4);
    assertThat(loop.running()).isTrue();

    loop.close();
    assertThat(loop.ended()).succeedsWithin(Duration.ofSeconds(5));
    assertThat(loop.running()).isFalse();
    assertConsumerClosed();
  }

  @Test
  void theTroubleSaysWhatWentWrongWhileTheStepsFail() {
    loop =
        new ReaderLoop(
                "test",
                "restart it",
                consumer,
                FAST,
                () -> {
                  throw new IllegalStateException("broker away");
                })
            .start();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(loop.trouble())
                    .isEqualTo(
                        "the test reader hit IllegalStateException: broker away"
                            + " (Kafka unreachable?); retrying"));
    assertThat(loop.running()).isTrue();
  }

  @Test
  void anErrorThePolicyDoesNotRetryEndsTheLoopWithIt() throws Exception {
    loop =
        new ReaderLoop(
                "test",
                "restart it",
                consumer,
                FAST,
                () -> {
                  throw new IllegalArgumentException("not retried");
                })
            .start();

    assertThatThrownBy(() -> loop.ended().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> !loop.running());
    assertConsumerClosed();
  }

  @Test
  void aFailureToStartEndsTheLoopWithoutAStep() throws Exception {
    AtomicInteger steps = new AtomicInteger();
    loop =
        new ReaderLoop(
                "test",
                "restart it",
                consumer,
                FAST,
                new ReaderLoop.Steps() {
                  @Override
                  public void start() {
                    throw new IllegalStateException("topic missing");
                  }

                  @Override
                  public void step() {
                    steps.incrementAndGet();
                  }
                })
            .start();

    assertThatThrownBy(() -> loop.ended().get(10, TimeUnit.SECONDS))
        .hasRootCauseMessage("topic missing");
    assertThat(steps).hasValue(0);
    assertConsumerClosed();
  }

  private void assertConsumerClosed() {
    assertThatThrownBy(() -> consumer.poll(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

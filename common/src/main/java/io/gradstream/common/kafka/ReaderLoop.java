package io.gradstream.common.kafka;

import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread every long-lived gradstream Kafka reader runs (camera registry and directory,
 * publisher frames and detections): {@link Steps#start} once, then {@link Steps#step} (one poll and
 * its handling) until {@link #close}. An unexpected error of a step is retried after the pause
 * {@link RetryPolicies#kafkaReader()} gives, and {@link #trouble()} says what is wrong until a step
 * succeeds again; an error the policy does not retry, or one in {@code start}, ends the loop
 * ({@link #ended()} completes with it). The consumer is woken by {@link #close} and closed by the
 * loop on its way out, on its own thread, as Kafka requires.
 *
 * <p>Logs {@code event=<name>-reader-error}, {@code -recovered} and {@code -failed}.
 */
public final class ReaderLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReaderLoop.class);

  /** A reader's own work. */
  public interface Steps {
    /** Once, on the loop's thread, before the first step (assign, seek); a failure ends it. */
    default void start() {}

    /** One poll of the consumer and the handling of what it returned. */
    void step();

    /** {@code start} once, then {@code step}. */
    static Steps of(Runnable start, Runnable step) {
      return new Steps() {
        @Override
        public void start() {
          start.run();
        }

        @Override
        public void step() {
          step.run();
        }
      };
    }
  }

  private final String name;
  private final String whenFailed;
  private final Consumer<?, ?> consumer;
  private final RetryPolicy<Throwable> policy;
  private final Steps steps;
  private final Thread thread;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final AtomicLong errors = new AtomicLong();
  private volatile String trouble;
  private volatile boolean closing;

  /**
   * A loop, not started yet.
   *
   * @param name the reader's name in logs and its thread's ({@code gradstream-<name>}), e.g. {@code
   *     camera-directory}
   * @param whenFailed what an operator should do or expect once the loop has given up, for the log
   * @param consumer the reader's consumer: woken by {@link #close}, closed when the loop ends
   */
  public ReaderLoop(
      String name,
      String whenFailed,
      Consumer<?, ?> consumer,
      RetryPolicy<Throwable> policy,
      Steps steps) {
    this.name = Objects.requireNonNull(name, "name");
    this.whenFailed = Objects.requireNonNull(whenFailed, "whenFailed");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.steps = Objects.requireNonNull(steps, "steps");
    this.thread = new Thread(this::run, "gradstream-" + name);
    this.thread.setDaemon(true);
  }

  /** A loop with the {@link RetryPolicies#kafkaReader()} policy. */
  public ReaderLoop(String name, String whenFailed, Consumer<?, ?> consumer, Steps steps) {
    this(name, whenFailed, consumer, RetryPolicies.kafkaReader(), steps);
  }

  /** Starts the loop's thread. */
  public ReaderLoop start() {
    thread.start();
    return this;
  }

  /** What keeps the reader from working right now, or null when its last step succeeded. */
  public String trouble() {
    return trouble;
  }

  /** Step errors so far, each followed by a pause and a retry. */
  public long errors() {
    return errors.get();
  }

  /** Whether the loop still runs (false once closed or given up). */
  public boolean running() {
    return thread.isAlive() && !ended.isDone();
  }

  /**
   * Completes when the loop has ended and closed its consumer: normally after {@link #close},
   * exceptionally with the error it gave up on.
   */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  /** Stops the loop: wakes the consumer and waits up to 10 s for the thread. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    consumer.wakeup();
    thread.join(10_000);
  }

  private void run() {
    Throwable error = null;
    try {
      steps.start();
      int failures = 0;
      while (!closing) {
        try {
          steps.step();
          if (failures > 0) {
            log.info("event={}-reader-recovered after_errors={}", name, failures);
            trouble = null;
          }
          failures = 0;
        } catch (WakeupException | InterruptException e) {
          throw e;
        } catch (RuntimeException e) {
          Duration pause = policy.retryAfter(++failures, e).orElseThrow(() -> e);
          errors.incrementAndGet();
          trouble =
              "the "
                  + name
                  + " reader hit "
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()
                  + " (Kafka unreachable?); retrying";
          log.warn(
              "event={}-reader-error error=\"{}\" policy={} next=\"retry in {} ms\"",
              name,
              e.toString(),
              policy.name(),
              pause.toMillis());
          Thread.sleep(pause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = closing ? null : e;
    } catch (WakeupException | InterruptException e) {
      error = closing ? null : e;
    } catch (RuntimeException e) {
      error = e;
      log.error(
          "event={}-reader-failed error=\"{}\" next=\"{}\"", name, e.toString(), whenFailed, e);
    } finally {
      try {
        consumer.close();
      } catch (RuntimeException e) {
        log.warn("event={}-consumer-close-failed error=\"{}\"", name, e.toString());
      }
      if (error == null) {
        ended.complete(null);
      } else {
        ended.completeExceptionally(error);
      }
    }
  }
}

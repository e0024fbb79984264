package io.gradstream.inference.worker.sink;

import io.gradstream.common.deadletter.DeadLetterHeaders;
import io.gradstream.common.deadletter.DeadLetterRecords;
import io.gradstream.common.kafka.Delivery;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.worker.metrics.WorkerMetrics;
import io.gradstream.inference.worker.source.InboundFrame;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes explained frames to the detections topic (keyed by camera id, so one camera's detections
 * stay in order on one partition) and unreadable records to the dead-letter topic, with an
 * idempotent, {@code acks=all} producer. A failed write is retried as its {@link RetryPolicy} says
 * (by default {@link io.gradstream.common.retry.RetryPolicies#workerWrites()}); when the policy
 * gives up, {@code onFatal} is told and the record is never acknowledged, so its offset is never
 * committed.
 */
public final class KafkaResultSink implements ResultSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaResultSink.class);

  private final Producer<String, byte[]> producer;
  private final String detectionsTopic;
  private final String deadLetterTopic;
  private final String workerId;
  private final WorkerMetrics metrics;
  private final RetryPolicy<Throwable> retry;
  private final Consumer<Throwable> onFatal;
  private final AutoCloseable clientMeters;
  private volatile boolean closing;
  // Retries wait here, never on the producer's I/O thread that runs the callbacks.
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gradstream-delivery-retry");
            t.setDaemon(true);
            return t;
          });

  /**
   * A sink writing with {@code producer} (configured as {@code ProducerSettings} does); {@code
   * onFatal} is told when a write failed for good.
   */
  public KafkaResultSink(
      Producer<String, byte[]> producer,
      String detectionsTopic,
      String deadLetterTopic,
      String workerId,
      WorkerMetrics metrics,
      RetryPolicy<Throwable> retry,
      Consumer<Throwable> onFatal) {
    this(producer, detectionsTopic, deadLetterTopic, workerId, metrics, retry, onFatal, () -> {});
  }

  private KafkaResultSink(
      Producer<String, byte[]> producer,
      String detectionsTopic,
      String deadLetterTopic,
      String workerId,
      WorkerMetrics metrics,
      RetryPolicy<Throwable> retry,
      Consumer<Throwable> onFatal,
      AutoCloseable clientMeters) {
    this.clientMeters = clientMeters;
    this.producer = producer;
    this.detectionsTopic = detectionsTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.workerId = workerId;
    this.metrics = metrics;
    this.retry = retry;
    this.onFatal = onFatal;
  }

  /**
   * A sink with its own producer, configured for at-least-once writes, whose Kafka client metrics
   * ({@code kafka_producer_*}) are in {@code registry} until the sink is closed.
   */
  public static KafkaResultSink create(
      KafkaConnection connection,
      String clientId,
      int maxMessageBytes,
      Map<String, Object> producerOverrides,
      String detectionsTopic,
      String deadLetterTopic,
      String workerId,
      WorkerMetrics metrics,
      RetryPolicy<Throwable> retry,
      Consumer<Throwable> onFatal,
      MeterRegistry registry) {
    var producer =
        KafkaClients.producer(
            connection,
            clientId,
            Delivery.IDEMPOTENT,
            ProducerSettings.tuning(maxMessageBytes, producerOverrides));
    KafkaClientMetrics clientMeters = new KafkaClientMetrics(producer);
    clientMeters.bindTo(registry);
    return new KafkaResultSink(
        producer,
        detectionsTopic,
        deadLetterTopic,
        workerId,
        metrics,
        retry,
        onFatal,
        clientMeters);
  }

  @Override
  public void explained(ExplainedFrame frame, Runnable onWritten) {
    send(
        new ProducerRecord<>(detectionsTopic, frame.getCameraId(), frame.toByteArray()),
        onWritten,
        1);
  }

  @Override
  public void deadLetter(InboundFrame record, String reason, Runnable onWritten) {
    TopicPartition source = record.ledger().partition();
    send(
        DeadLetterRecords.of(
            deadLetterTopic,
            source.topic(),
            source.partition(),
            record.offset(),
            record.key(),
            record.value(),
            reason,
            DeadLetterHeaders.WORKER,
            workerId),
        onWritten,
        1);
  }

  private void send(ProducerRecord<String, byte[]> record, Runnable onWritten, int attempt) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              onWritten.run();
            } else {
              failed(record, onWritten, attempt, error);
            }
          });
    } catch (RuntimeException e) {
      failed(
          record, onWritten, attempt,
          e); // send() itself throws when metadata or buffer space never came
    }
  }

  private void failed(
      ProducerRecord<String, byte[]> record, Runnable onWritten, int attempt, Throwable error) {
    if (closing) {
      // Writes cut off by close() stay unacknowledged, so uncommitted: the partition's next owner
      // redoes them.
      log.debug(
          "event=write-abandoned reason=closing topic={} key={}", record.topic(), record.key());
      return;
    }
    if (error instanceof RecordTooLargeException
        && record.topic().equals(deadLetterTopic)
        && record.value() != null) {
      // The dead-letter topic may allow less than the frames topic.
      send(DeadLetterRecords.withoutValue(record, error), onWritten, attempt);
      return;
    }
    Optional<Duration> pause = retry.retryAfter(attempt, error);
    if (pause.isPresent()) {
      log.warn(
          "event=write-retry topic={} key={} attempt={} retry_in_ms={} policy={} error=\"{}\"",
          record.topic(),
          record.key(),
          attempt,
          pause.get().toMillis(),
          retry.name(),
          error.toString());
      metrics.deliveryRetried();
      try {
        retries.schedule(
            () -> send(record, onWritten, attempt + 1),
            pause.get().toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        log.debug("event=write-retry-skipped reason=closing topic={}", record.topic());
      }
      return;
    }
    log.error(
        "event=write-failed topic={} key={} attempts={} policy={} error=\"{}\": the worker stops so the "
            + "partition's next owner redoes the frame; check that Kafka is reachable and the topic exists",
        record.topic(),
        record.key(),
        attempt,
        retry.name(),
        error.toString());
    onFatal.accept(error);
  }

  /** Waits until every write sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    closing = true;
    retries.shutdownNow();
    producer.close(Duration.ofSeconds(5));
    try {
      clientMeters.close();
    } catch (Exception e) {
      log.debug("event=client-meters-close-failed error=\"{}\"", e.toString());
    }
  }
}

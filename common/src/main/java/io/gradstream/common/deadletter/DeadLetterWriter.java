package io.gradstream.common.deadletter;

import io.gradstream.common.kafka.Delivery;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records a reader could not decode to the dead-letter topic ({@code
 * kafka.topics.dead-letter}), with {@link DeadLetterHeaders} (reason, source topic, partition,
 * offset, reader), the original key and value. Counted in {@code
 * gradstream_dead_letters_total{reader, outcome}} (outcome written or failed). When the dead-letter
 * topic refuses the record as too large, it is written again without its value ({@link
 * DeadLetterRecords#withoutValue}).
 */
public final class DeadLetterWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);

  private final Producer<String, byte[]> producer;
  private final boolean ownsProducer;
  private final String topic;
  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * A writer sending with {@code producer}; closing the writer closes the producer only when {@code
   * ownsProducer}.
   */
  public DeadLetterWriter(
      Producer<String, byte[]> producer, boolean ownsProducer, String topic, MeterRegistry meters) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.ownsProducer = ownsProducer;
    this.topic = Objects.requireNonNull(topic, "topic");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  /** A writer with its own {@link Delivery#IDEMPOTENT} producer. */
  public static DeadLetterWriter create(
      KafkaConnection connection,
      String topic,
      String clientId,
      int maxMessageBytes,
      MeterRegistry meters) {
    Map<String, Object> tuning =
        Map.of(
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes,
            ProducerConfig.LINGER_MS_CONFIG, 0,
            // A reader thread waits on this only for records it must not skip unrecorded; bounded,
            // so it can retry.
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    return new DeadLetterWriter(
        KafkaClients.producer(connection, clientId, Delivery.IDEMPOTENT, tuning),
        true,
        topic,
        meters);
  }

  /**
   * Registers the counters of {@code reader} at 0 for both outcomes, so dashboards and alert rules
   * see the series before the first dead letter (called by each reader when it starts).
   */
  public void register(String reader) {
    counter(reader, "written");
    counter(reader, "failed");
  }

  /** The dead-letter topic's name. */
  public String topic() {
    return topic;
  }

  /**
   * Sends {@code record} to the dead-letter topic; the future completes once it is durable, or
   * fails.
   *
   * @param reader names the reader that could not decode it, e.g. {@code publisher-detections}
   * @param reason why, in a sentence
   */
  public CompletableFuture<Void> write(
      String reader, ConsumerRecord<String, byte[]> record, String reason) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    send(
        DeadLetterRecords.of(
            topic,
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            reason,
            DeadLetterHeaders.READER,
            reader),
        done,
        true);
    return done.whenComplete(
        (ok, error) -> {
          counter(reader, error == null ? "written" : "failed").increment();
          if (error == null) {
            log.warn(
                "reader={} topic={} partition={} offset={} event=dead-lettered dead_letter_topic={} reason=\"{}\"",
                reader,
                record.topic(),
                record.partition(),
                record.offset(),
                topic,
                reason);
          } else {
            log.error(
                "reader={} topic={} partition={} offset={} event=dead-letter-failed error=\"{}\" next=\"check that "
                    + "Kafka is reachable and the topic {} exists\"",
                reader,
                record.topic(),
                record.partition(),
                record.offset(),
                error,
                topic);
          }
        });
  }

  private void send(
      ProducerRecord<String, byte[]> record, CompletableFuture<Void> done, boolean mayShrink) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              done.complete(null);
            } else if (error instanceof RecordTooLargeException && mayShrink) {
              send(DeadLetterRecords.withoutValue(record, error), done, false);
            } else {
              done.completeExceptionally(error);
            }
          });
    } catch (RecordTooLargeException e) {
      if (mayShrink) {
        send(DeadLetterRecords.withoutValue(record, e), done, false);
      } else {
        done.completeExceptionally(e);
      }
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  private Counter counter(String reader, String outcome) {
    return counters.computeIfAbsent(
        reader + "/" + outcome,
        k ->
            Counter.builder("gradstream.dead.letters")
                .tag("reader", reader)
                .tag("outcome", outcome)
                .description(
                    "Undecodable records sent to the dead-letter topic (written) or that could not be (failed)")
                .register(meters));
  }

  /** Waits for the sends so far, then closes the producer if this writer owns it. */
  @Override
  public void close() {
    if (ownsProducer) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}

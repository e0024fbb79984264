package io.gradstream.publisher.alert.kafka;

import io.gradstream.common.kafka.Delivery;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.publisher.alert.AlertEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes alerts to the alerts topic as JSON, keyed by camera id (one camera's alerts stay in order
 * on one partition). Idempotent producer with acks=all: a send the client retries is written once,
 * and an acknowledged alert survives the loss of a broker. {@link #write} waits for every
 * acknowledgement.
 */
public final class KafkaAlertSink implements AlertSink, AutoCloseable {
  /** How long one batch of alerts may take to be acknowledged before the frame is retried. */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, String> producer;
  private final KafkaClientMetrics clientMeters;
  private final String topic;

  /**
   * @param meters where the producer's Kafka client metrics go until the sink is closed
   */
  public KafkaAlertSink(KafkaConnection connection, String topic, MeterRegistry meters) {
    this.producer =
        KafkaClients.textProducer(
            connection,
            "gradstream-publisher-alerts",
            Delivery.IDEMPOTENT,
            Map.of(
                // Alerts are rare and waited for: no reason to linger.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
    this.clientMeters = new KafkaClientMetrics(producer);
    clientMeters.bindTo(meters);
    this.topic = topic;
  }

  @Override
  public void write(List<AlertEvent> events) throws Exception {
    List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
    for (AlertEvent event : events) {
      sends.add(producer.send(new ProducerRecord<>(topic, event.cameraId(), event.toJson())));
    }
    long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
    for (Future<RecordMetadata> send : sends) {
      send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    clientMeters.close();
  }
}

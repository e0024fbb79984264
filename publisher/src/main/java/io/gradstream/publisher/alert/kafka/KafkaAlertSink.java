package io.gradstream.publisher.alert.kafka;

import io.gradstream.publisher.alert.AlertEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes alerts to the alerts topic as JSON, keyed by camera id (one camera's alerts stay in order
 * on one partition). Idempotent producer with acks=all: a send the client retries is written once,
 * and an acknowledged alert survives the loss of a broker. {@link #write} waits for every
 * acknowledgement.
 */
public final class KafkaAlertSink implements AlertSink, AutoCloseable {
  /** How long one batch of alerts may take to be acknowledged before the frame is retried. */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, String> producer;
  private final KafkaClientMetrics clientMeters;
  private final String topic;

  /**
   * @param clientConfig extra Kafka client settings (security)
   * @param meters where the producer's Kafka client metrics go until the sink is closed
   */
  public KafkaAlertSink(
      String bootstrapServers,
      String topic,
      Map<String, Object> clientConfig,
      MeterRegistry meters) {
    Map<String, Object> p = new HashMap<>(clientConfig);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "gradstream-publisher-alerts");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // Alerts are rare and waited for: no reason to linger.
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
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

package io.gradstream.app.kafka;

import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka clients against a test broker, configured the way gradstream will use them. */
final class KafkaTestClients {
  private KafkaTestClients() {}

  /** The documented default Kafka settings (topics, max message size). */
  static KafkaConfig defaults() {
    return new ConfigLoader(Map.of()).load(null).kafka();
  }

  static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker, int maxMessageBytes) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            maxMessageBytes),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** A consumer in {@code group}, or without a group (manual assignment) when it is null. */
  static KafkaConsumer<String, byte[]> consumer(EmbeddedKafkaBroker broker, String group) {
    Map<String, Object> config =
        new java.util.HashMap<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false));
    if (group != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Polls until {@code count} records arrived or {@code within} passed; returns what arrived. */
  static List<ConsumerRecord<String, byte[]>> pollFor(
      KafkaConsumer<String, byte[]> consumer, int count, Duration within) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (records.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }
}

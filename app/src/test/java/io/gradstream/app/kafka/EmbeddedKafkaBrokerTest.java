package io.gradstream.app.kafka;

import static io.gradstream.app.kafka.KafkaTestClients.admin;
import static io.gradstream.app.kafka.KafkaTestClients.consumer;
import static io.gradstream.app.kafka.KafkaTestClients.pollFor;
import static io.gradstream.app.kafka.KafkaTestClients.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.TopicConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String GROUP = "restart-check";

  @Test
  void recordsTopicsAndOffsetsSurviveARestartOnTheSameDataDir(@TempDir Path dir) throws Exception {
    KafkaConfig kafka = KafkaTestClients.defaults();
    int max = kafka.maxMessageBytes();
    String frames = kafka.topics().frames().name();
    // Larger than Kafka's 1 MB default, so the raised broker and frames-topic limits are exercised.
    byte[] frame = new byte[2 * 1024 * 1024 + 17];
    new Random(42).nextBytes(frame);
    EmbeddedBrokerConfig config = new EmbeddedBrokerConfig(dir.toString(), 0, 0);

    RecordMetadata sent;
    String clusterId;
    EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(config, max);
    try {
      assertThat(first.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
      assertThat(first.bootstrapServers()).startsWith("127.0.0.1:");
      clusterId = clusterId(dir);
      try (Admin admin = admin(first)) {
        TopicProvisioner.ensureTopics(admin, kafka.topics(), max);
      }
      try (KafkaProducer<String, byte[]> producer = producer(first, max)) {
        sent =
            producer
                .send(new ProducerRecord<>(frames, "cam-1", frame))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      // A consumer group proves the single-replica offsets topic works; its commit is checked after
      // restart.
      try (KafkaConsumer<String, byte[]> consumer = consumer(first, GROUP)) {
        consumer.subscribe(List.of(frames));
        List<ConsumerRecord<String, byte[]>> got = pollFor(consumer, 1, WAIT);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).key()).isEqualTo("cam-1");
        assertThat(got.get(0).value()).isEqualTo(frame);
        consumer.commitSync();
      }
    } finally {
      first.close();
    }
    first.close(); // idempotent: a second close is a no-op

    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(config, max)) {
      assertThat(clusterId(dir)).as("restart must not reformat").isEqualTo(clusterId);
      TopicPartition partition = new TopicPartition(frames, sent.partition());
      try (Admin admin = admin(second)) {
        assertThat(admin.listTopics().names().get())
            .containsAll(kafka.topics().all().stream().map(TopicConfig::name).toList());
        OffsetAndMetadata committed =
            admin
                .listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get()
                .get(partition);
        assertThat(committed.offset()).isEqualTo(sent.offset() + 1);
      }
      try (KafkaConsumer<String, byte[]> consumer = consumer(second, null)) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        List<ConsumerRecord<String, byte[]>> got = pollFor(consumer, 1, WAIT);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).offset()).isEqualTo(sent.offset());
        assertThat(got.get(0).value()).isEqualTo(frame);
      }
    }
  }

  @Test
  void aRestartOnTheSameAddressLetsAClientThatKeptItsBootstrapAddressGoOn(@TempDir Path dir)
      throws Exception {
    KafkaConfig kafka = KafkaTestClients.defaults();
    int max = kafka.maxMessageBytes();
    String frames = kafka.topics().frames().name();
    EmbeddedKafkaBroker first =
        EmbeddedKafkaBroker.start(new EmbeddedBrokerConfig(dir.toString(), 0, 0), max);
    String address = first.bootstrapServers();
    try (Admin admin = admin(first)) {
      TopicProvisioner.ensureTopics(admin, kafka.topics(), max);
    }
    try (KafkaProducer<String, byte[]> producer = producer(first, max)) {
      producer
          .send(new ProducerRecord<>(frames, "cam-1", new byte[] {1}))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      EmbeddedBrokerConfig again = first.sameAddress();
      first.close();

      try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(again, max)) {
        assertThat(second.bootstrapServers()).isEqualTo(address);
        // The producer made for the first broker reaches the second by itself.
        RecordMetadata after =
            producer
                .send(new ProducerRecord<>(frames, "cam-1", new byte[] {2}))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(after.offset()).isEqualTo(1);
      }
    }
  }

  @Test
  void dataDirThatIsARegularFileIsAConfigErrorNamingTheKey(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("kafka"), "not a directory");

    assertThatThrownBy(
            () ->
                EmbeddedKafkaBroker.start(
                    new EmbeddedBrokerConfig(file.toString(), 0, 0), 1_000_000))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.embedded.data-dir")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("regular file")
        .hasMessageContaining("GRADSTREAM_KAFKA_EMBEDDED_DATA_DIR");
    // Below a file nothing can be created either; same key, different reason.
    Path below = file.resolve("sub");
    assertThatThrownBy(
            () ->
                EmbeddedKafkaBroker.start(
                    new EmbeddedBrokerConfig(below.toString(), 0, 0), 1_000_000))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.embedded.data-dir")
        .hasMessageContaining("cannot be created");
  }

  @Test
  void portInUseIsAConfigErrorNamingTheKey(@TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.start(
                      new EmbeddedBrokerConfig(dir.toString(), port, 0), 1_000_000))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("kafka.embedded.port")
          .hasMessageContaining(Integer.toString(port))
          .hasMessageContaining("GRADSTREAM_KAFKA_EMBEDDED_PORT");
      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.start(
                      new EmbeddedBrokerConfig(dir.toString(), 0, port), 1_000_000))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("kafka.embedded.controller-port");
    }
  }

  private static String clusterId(Path dir) throws IOException {
    Properties meta = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("meta.properties"))) {
      meta.load(in);
    }
    return meta.getProperty("cluster.id");
  }
}

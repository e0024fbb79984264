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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second broker on a data dir that a running one holds is refused before it touches anything.
 * Before gradstream locked the dir itself, a second process activated its KRaft controller on the
 * first one's metadata log before Kafka's own lock refused it; the first broker's raft thread then
 * spun a whole core, and its shutdown hung for minutes. With gradstream's lock moved aside, this
 * test's first broker hung in its stop for 5 minutes ("Timed out waiting for the controller to
 * approve controlled shutdown").
 */
class SecondBrokerOnTheSameDataDirTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String GROUP = "second-broker-check";

  /** The first broker's stop after the refused start; a hung controlled shutdown took 5 minutes. */
  private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

  @Test
  void aSecondProcessIsRefusedNamingTheHolderAndTheFirstBrokerKeepsItsDataAndStops(
      @TempDir Path dir) throws Exception {
    KafkaConfig kafka = KafkaTestClients.defaults();
    int max = kafka.maxMessageBytes();
    String frames = kafka.topics().frames().name();
    EmbeddedKafkaBroker first =
        EmbeddedKafkaBroker.start(new EmbeddedBrokerConfig(dir.toString(), 0, 0), max);
    try {
      try (Admin admin = admin(first)) {
        TopicProvisioner.ensureTopics(admin, kafka.topics(), max);
      }
      RecordMetadata sent = send(first, frames, max, (byte) 1);
      try (KafkaConsumer<String, byte[]> consumer = consumer(first, GROUP)) {
        consumer.subscribe(List.of(frames));
        assertThat(pollFor(consumer, 1, WAIT)).hasSize(1);
        consumer.commitSync();
      }
      List<String> filesBefore = files(dir);

      Process second =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  BrokerOnDataDir.class.getName(),
                  dir.toString())
              .redirectErrorStream(true)
              .start();
      assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the second process ends").isTrue();
      String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.exitValue()).as(output).isEqualTo(BrokerOnDataDir.REFUSED);
      assertThat(output)
          .contains("is in use by another Kafka broker (pid " + ProcessHandle.current().pid())
          .contains("kafka.embedded.data-dir")
          .doesNotContain("Performing controller activation")
          .doesNotContain("formatted Kafka data dir");
      assertThat(files(dir))
          .as("the refused process created or deleted nothing in the data dir")
          .isEqualTo(filesBefore);

      TopicPartition partition = new TopicPartition(frames, sent.partition());
      try (Admin admin = admin(first)) {
        OffsetAndMetadata committed =
            admin
                .listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get()
                .get(partition);
        assertThat(committed.offset()).isEqualTo(sent.offset() + 1);
      }
      RecordMetadata after = send(first, frames, max, (byte) 2);
      assertThat(after.partition()).isEqualTo(sent.partition());
      assertThat(after.offset()).isEqualTo(sent.offset() + 1);
      try (KafkaConsumer<String, byte[]> consumer = consumer(first, null)) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        assertThat(pollFor(consumer, 2, WAIT))
            .extracting(r -> r.value()[0])
            .containsExactly((byte) 1, (byte) 2);
      }
    } finally {
      // Unlocked, the first broker's stop hung here for 5 minutes ("Timed out waiting for the
      // controller
      // to approve controlled shutdown"); the test says so within the limit instead.
      assertThat(CompletableFuture.runAsync(first::close))
          .as("the first broker's stop")
          .succeedsWithin(STOP_LIMIT);
    }
  }

  @Test
  void aSecondBrokerOfTheSameProcessIsRefusedAndTheDirIsFreeOnceTheFirstStops(@TempDir Path dir)
      throws IOException {
    int max = KafkaTestClients.defaults().maxMessageBytes();
    Path data = dir.resolve("kafka");
    EmbeddedBrokerConfig config = new EmbeddedBrokerConfig(data.toString(), 0, 0);
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(config, max)) {
      // Through a symbolic link too: the lock is on the directory, not on its name.
      Path link = Files.createSymbolicLink(dir.resolve("link"), data);
      for (Path name : List.of(data, link)) {
        assertThatThrownBy(
                () ->
                    EmbeddedKafkaBroker.start(new EmbeddedBrokerConfig(name.toString(), 0, 0), max))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("is in use by another Kafka broker (this process");
      }
      assertThat(first.bootstrapServers()).startsWith("127.0.0.1:");
    }
    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(config, max)) {
      assertThat(again.dataDir()).isEqualTo(data.toAbsolutePath().normalize());
    }
  }

  /** Sends {@code value} under one key, so that every record lands on the same partition. */
  private static RecordMetadata send(EmbeddedKafkaBroker broker, String topic, int max, byte value)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer = producer(broker, max)) {
      return producer
          .send(new ProducerRecord<>(topic, "cam-1", new byte[] {value}))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * The data dir's file names, recursively, sorted; without the {@code .tmp} files the running
   * broker writes its checkpoints through every few seconds.
   */
  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(p -> dir.relativize(p).toString())
          .filter(n -> !n.endsWith(".tmp"))
          .sorted()
          .toList();
    }
  }
}

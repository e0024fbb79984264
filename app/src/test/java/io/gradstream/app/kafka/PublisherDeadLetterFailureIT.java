package io.gradstream.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.deadletter.DeadLetterHeaders;
import io.gradstream.common.deadletter.DeadLetterWriter;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.source.PublisherStreams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detections record that does not decode must reach the dead-letter topic before the publisher
 * commits past it. Here the dead-letter topic does not exist at first (the embedded broker creates
 * no topic by itself), so every write fails: the reader must neither commit past the record nor
 * skip ahead to the next one, and must say why; once the topic exists, the dead letter is written,
 * the next record handled once, and the offset committed past both.
 */
@Tag("e2e")
class PublisherDeadLetterFailureIT {
  private static final String GROUP = "publisher-dead-letter-failure";
  private static final String DEAD_LETTERS = "late-dead-letters";
  @TempDir Path dir;

  @Test
  void aGarbageRecordIsNotCommittedPastUntilItsDeadLetterIsWritten() throws Exception {
    KafkaConfig kafka = KafkaTestClients.defaults();
    int max = kafka.maxMessageBytes();
    String topic = kafka.topics().detections().name();
    TopicPartition partition = new TopicPartition(topic, 0);
    List<Long> handled = new CopyOnWriteArrayList<>();
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(new EmbeddedBrokerConfig(dir.toString(), 0, 0), max);
        Admin admin = KafkaTestClients.admin(broker);
        KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(broker, max)) {
      TopicProvisioner.ensureTopics(admin, kafka.topics(), max);
      admin
          .alterConsumerGroupOffsets(GROUP, Map.of(partition, new OffsetAndMetadata(0)))
          .all()
          .get();
      try (DeadLetterWriter deadLetters =
              DeadLetterWriter.create(
                  KafkaConnection.plaintext(broker.bootstrapServers()),
                  DEAD_LETTERS,
                  "test-dead-letters",
                  max,
                  new SimpleMeterRegistry());
          PublisherStreams streams =
              PublisherStreams.start(
                  KafkaConnection.plaintext(broker.bootstrapServers()),
                  kafka.topics().frames().name(),
                  topic,
                  GROUP,
                  Duration.ZERO,
                  new FrameJoiner(10, 1_000, System::nanoTime, joined -> {}),
                  (detections, frame) -> handled.add(detections.getSeq()),
                  deadLetters,
                  new SimpleMeterRegistry())) {
        producer.send(new ProducerRecord<>(topic, 0, "cam", frame(1))).get();
        producer.send(new ProducerRecord<>(topic, 0, "cam", new byte[] {(byte) 0xFF, 0x01})).get();
        producer.send(new ProducerRecord<>(topic, 0, "cam", frame(2))).get();

        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> streams.trouble() != null && streams.trouble().contains("dead letters"));
        System.out.println("while the dead-letter topic is missing: " + streams.trouble());
        // The record before the garbage is committed once the failed attempt returns; the reader
        // then stays on the garbage, attempt after attempt, committing nothing past it.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(committed(admin, partition)).isEqualTo(1));
        await()
            .during(Duration.ofSeconds(15))
            .atMost(Duration.ofSeconds(20))
            .until(() -> committed(admin, partition) == 1 && handled.equals(List.of(1L)));
        assertThat(streams.healthy()).isTrue();

        admin.createTopics(List.of(new NewTopic(DEAD_LETTERS, 1, (short) 1))).all().get();

        await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains(2L));
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(committed(admin, partition)).isEqualTo(3));
        assertThat(handled).as("each good record handled once").containsExactly(1L, 2L);
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.trouble() == null);
        assertThat(streams.garbage()).isEqualTo(1);
      }
      try (KafkaConsumer<String, byte[]> reader = KafkaTestClients.consumer(broker, null)) {
        TopicPartition dead = new TopicPartition(DEAD_LETTERS, 0);
        reader.assign(List.of(dead));
        reader.seekToBeginning(List.of(dead));
        List<ConsumerRecord<String, byte[]>> letters =
            KafkaTestClients.pollFor(reader, 2, Duration.ofSeconds(5));
        assertThat(letters).as("one dead letter, however many writes failed").hasSize(1);
        ConsumerRecord<String, byte[]> letter = letters.get(0);
        assertThat(letter.value()).containsExactly((byte) 0xFF, 0x01);
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET))
            .isEqualTo("1");
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.READER))
            .isEqualTo("publisher-detections");
      }
    }
  }

  private static long committed(Admin admin, TopicPartition partition) throws Exception {
    OffsetAndMetadata offset =
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(partition);
    return offset == null ? -1 : offset.offset();
  }

  private static byte[] frame(long seq) {
    return ExplainedFrame.newBuilder()
        .setCameraId("cam")
        .setIngestSession("s")
        .setSeq(seq)
        .build()
        .toByteArray();
  }
}

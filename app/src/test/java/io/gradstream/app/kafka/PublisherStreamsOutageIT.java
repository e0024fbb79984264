package io.gradstream.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.KafkaConfig;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's detections reader when Kafka is away for longer than a commit waits: the commit
 * of a handled frame fails (here after 2 s, the consumer's {@code default.api.timeout.ms}; 60 s by
 * default), and the reader must not end for good, as it did: it says what is wrong, waits, and once
 * the broker is back it reads the next frame and the failed commit is covered by the next one.
 */
@Tag("e2e")
class PublisherStreamsOutageIT {
  private static final String GROUP = "publisher-streams-outage";
  @TempDir Path dir;

  @Test
  void aCommitThatTimesOutWhileTheBrokerIsAwayDoesNotEndTheReader() throws Exception {
    KafkaConfig kafka = KafkaTestClients.defaults();
    int max = kafka.maxMessageBytes();
    String topic = kafka.topics().detections().name();
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(new EmbeddedBrokerConfig(dir.toString(), 0, 0), max);
    try (Admin admin = KafkaTestClients.admin(broker)) {
      TopicProvisioner.ensureTopics(admin, kafka.topics(), max);
    }
    List<Long> handled = new CopyOnWriteArrayList<>();
    CountDownLatch brokerDown = new CountDownLatch(1);
    var meters = new SimpleMeterRegistry();
    PublisherStreams streams = null;
    try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(broker, max);
        DeadLetterWriter deadLetters =
            DeadLetterWriter.create(
                KafkaConnection.plaintext(broker.bootstrapServers()),
                kafka.topics().deadLetter().name(),
                "test-dead-letters",
                max,
                meters)) {
      // The group starts at offset 0, so the first frame is read however fast the test sends it.
      try (Admin admin = KafkaTestClients.admin(broker)) {
        admin
            .alterConsumerGroupOffsets(
                GROUP, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
            .all()
            .get();
      }
      streams =
          PublisherStreams.start(
              new KafkaConnection(
                  broker.bootstrapServers(),
                  Map.of(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000)),
              kafka.topics().frames().name(),
              topic,
              GROUP,
              Duration.ZERO,
              new FrameJoiner(10, 1_000, System::nanoTime, joined -> {}),
              (detections, frame) -> {
                handled.add(detections.getSeq());
                if (detections.getSeq() == 2) {
                  brokerDown.await(
                      60, TimeUnit.SECONDS); // its commit is attempted while the broker is away
                }
              },
              deadLetters,
              meters);

      producer.send(new ProducerRecord<>(topic, 0, "cam", frame(1))).get();
      await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains(1L));
      producer.send(new ProducerRecord<>(topic, 0, "cam", frame(2))).get();
      await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(2L));

      EmbeddedBrokerConfig sameAddress = broker.sameAddress();
      broker.close();
      brokerDown.countDown();
      PublisherStreams reader = streams;
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.trouble() != null);
      System.out.println("while the broker is away: " + reader.trouble());
      // The reader threads stay up, pausing and polling, for as long as the broker is away.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(reader::healthy);

      broker = EmbeddedKafkaBroker.start(sameAddress, max);
      long back = System.nanoTime();
      producer.send(new ProducerRecord<>(topic, 0, "cam", frame(3))).get(60, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains(3L));
      System.out.printf(
          "the reader handled a new frame %.1f s after the broker was back%n",
          (System.nanoTime() - back) / 1e9);
      EmbeddedKafkaBroker now = broker;
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                try (Admin admin = KafkaTestClients.admin(now)) {
                  assertThat(
                          admin
                              .listConsumerGroupOffsets(GROUP)
                              .partitionsToOffsetAndMetadata()
                              .get()
                              .get(new TopicPartition(topic, 0))
                              .offset())
                      .isEqualTo(3);
                }
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> reader.trouble() == null);
      assertThat(handled).as("nothing skipped").contains(1L, 2L, 3L);
    } finally {
      if (streams != null) {
        streams.close();
      }
      broker.close();
    }
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

package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.common.config.TopicsConfig;
import io.gradstream.common.deadletter.DeadLetterHeaders;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage on every topic a running ingest + publisher consumes (frames, detections, cameras):
 * random bytes, another protobuf message, an empty value and a 200 KB key. Each lands on the
 * dead-letter topic with its reason and source position (once per reader: the cameras topic has
 * two, the ingest registry and the publisher's directory), is counted in {@code
 * gradstream_dead_letters_total}, and the roles go on: the next good frame is joined with its
 * detections, the detections group commits past the garbage, a new camera registration is followed
 * by both cameras readers, the garbage under a registered camera's key leaves its registration as
 * it was, and the registry writes the registration again so compaction cannot erase it.
 */
@Tag("e2e")
class DeadLetterTopicIT {
  private static final String GROUP = "dead-letter-it";
  private static final String GATE_URL =
      "rtsp://127.0.0.1:9/gate"; // nothing listens: the camera backs off
  private static final String HUGE_KEY = "k".repeat(200_000);
  @TempDir Path dir;

  @Test
  void garbageOnEveryConsumedTopicIsDeadLetteredWithItsReasonAndTheRolesGoOn() throws Exception {
    GradstreamConfig base =
        TestConfigs.ingest(
            dir.resolve("kafka"), List.of(new CameraConfig("gate", GATE_URL, 5.0, 85, null, null)));
    KafkaConfig k = base.kafka();
    TopicsConfig topics = k.topics();
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0),
                k.maxMessageBytes());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers(),
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    k.maxMessageBytes()),
                new StringSerializer(),
                new ByteArraySerializer())) {
      try (Admin admin = admin(broker)) {
        TopicProvisioner.ensureTopics(admin, topics, k.maxMessageBytes());
        ConsumerGroups.startAtEnd(admin, GROUP, topics.detections().name());
      }
      PublisherConfig p = base.publisher();
      GradstreamConfig config =
          new GradstreamConfig(
              List.of("ingest", "publisher"),
              new KafkaConfig(broker.bootstrapServers(), k.embedded(), topics, k.maxMessageBytes()),
              base.http(),
              base.ingest(),
              base.inference(),
              new PublisherConfig(
                  GROUP,
                  p.firstStartLookbackMs(),
                  p.joinBufferFrames(),
                  p.joinTimeoutMs(),
                  p.render(),
                  p.republish(),
                  p.alerts()),
              base.cameras());
      try (GradstreamRuntime runtime = GradstreamRuntime.start(config)) {
        HttpApi api = HttpApi.of(runtime);

        Random random = new Random(8);
        byte[] randomBytes = new byte[512];
        random.nextBytes(randomBytes);
        byte[] registrationBytes =
            CameraRegistration.newBuilder()
                .setId("gate")
                .setUrl("rtsp://evil/x")
                .build()
                .toByteArray();
        byte[] frameBytes =
            FrameEnvelope.newBuilder()
                .setCameraId("gate")
                .setSeq(9)
                .setWidth(2)
                .setHeight(2)
                .setData(ByteString.copyFrom(randomBytes))
                .build()
                .toByteArray();
        Map<String, List<RecordMetadata>> sent = new HashMap<>();
        for (String topic :
            List.of(topics.frames().name(), topics.detections().name(), topics.cameras().name())) {
          byte[] otherMessage =
              topic.equals(topics.cameras().name()) ? frameBytes : registrationBytes;
          List<RecordMetadata> positions = new ArrayList<>();
          positions.add(producer.send(new ProducerRecord<>(topic, "gate", randomBytes)).get());
          positions.add(producer.send(new ProducerRecord<>(topic, "gate", otherMessage)).get());
          positions.add(producer.send(new ProducerRecord<>(topic, "gate", new byte[0])).get());
          positions.add(producer.send(new ProducerRecord<>(topic, HUGE_KEY, randomBytes)).get());
          sent.put(topic, positions);
        }

        // Then good records on every topic.
        long now = System.currentTimeMillis() * 1000;
        producer
            .send(
                new ProducerRecord<>(
                    topics.frames().name(),
                    "yard",
                    FrameEnvelope.newBuilder()
                        .setCameraId("yard")
                        .setSeq(1)
                        .setIngestSession("s")
                        .setCaptureTimeUnixMicros(now)
                        .setWidth(64)
                        .setHeight(48)
                        .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
                        .setData(ByteString.copyFrom(tinyJpeg()))
                        .build()
                        .toByteArray()))
            .get();
        producer
            .send(
                new ProducerRecord<>(
                    topics.detections().name(),
                    "yard",
                    ExplainedFrame.newBuilder()
                        .setCameraId("yard")
                        .setSeq(1)
                        .setIngestSession("s")
                        .setCaptureTimeUnixMicros(now)
                        .setWidth(64)
                        .setHeight(48)
                        .build()
                        .toByteArray()))
            .get();
        producer
            .send(
                new ProducerRecord<>(
                    topics.cameras().name(),
                    "lobby",
                    CameraRegistration.newBuilder()
                        .setId("lobby")
                        .setUrl("rtsp://127.0.0.1:9/lobby")
                        .build()
                        .toByteArray()))
            .get();

        List<ConsumerRecord<String, byte[]>> dead =
            readDeadLetters(broker, topics.deadLetter().name(), 16);
        assertThat(dead).hasSize(16);
        Map<String, List<ConsumerRecord<String, byte[]>>> byReader =
            dead.stream()
                .collect(
                    Collectors.groupingBy(
                        r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.READER)));
        assertThat(byReader)
            .containsOnlyKeys(
                "publisher-frames", "publisher-detections", "camera-registry", "camera-directory");
        assertDeadLetters(
            byReader.get("publisher-frames"), topics.frames().name(), sent, randomBytes);
        assertDeadLetters(
            byReader.get("publisher-detections"), topics.detections().name(), sent, randomBytes);
        assertDeadLetters(
            byReader.get("camera-registry"), topics.cameras().name(), sent, randomBytes);
        assertDeadLetters(
            byReader.get("camera-directory"), topics.cameras().name(), sent, randomBytes);

        // The roles went on: the good frame was joined, the group committed past the garbage, lobby
        // is followed.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(api.get("/metrics").body())
                        .containsPattern(
                            "gradstream_publisher_frames_total\\{camera=\"yard\",outcome=\"joined\"} 1\\.0"));
        try (Admin admin = admin(broker)) {
          long end = ConsumerGroups.endOffset(admin, topics.detections().name());
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> committed(admin, topics.detections().name()) == end);
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(api.get("/cameras/lobby").status())
                      .as("the ingest registry read on")
                      .isEqualTo(200);
                  assertThat(api.get("/api/viewer/cameras").body())
                      .as("the publisher's directory read on")
                      .contains("lobby");
                });
        HttpApi.Response gate = api.get("/cameras/gate");
        assertThat(gate.status()).isEqualTo(200);
        assertThat(gate.body())
            .as("gate keeps its registration")
            .contains("127.0.0.1:9/gate")
            .doesNotContain("evil");
        assertThat(api.get("/ready").status()).isEqualTo(200);

        String metrics = api.get("/metrics").body();
        for (String reader :
            List.of(
                "publisher-frames",
                "publisher-detections",
                "camera-registry",
                "camera-directory")) {
          assertThat(metrics)
              .as(reader)
              .containsPattern(
                  "gradstream_dead_letters_total\\{outcome=\"written\",reader=\""
                      + reader
                      + "\"} 4\\.0")
              .containsPattern(
                  "gradstream_dead_letters_total\\{outcome=\"failed\",reader=\""
                      + reader
                      + "\"} 0\\.0");
        }

        // Compaction keeps a key's latest record: the registry wrote gate's registration again
        // after the garbage,
        // and a removal for the garbage key it never knew.
        Map<String, byte[]> latest = latestByKey(broker, topics.cameras().name());
        assertThat(CameraRegistration.parseFrom(latest.get("gate")).getUrl()).isEqualTo(GATE_URL);
        assertThat(latest).containsEntry(HUGE_KEY, null);
      }
    }
  }

  private static void assertDeadLetters(
      List<ConsumerRecord<String, byte[]>> dead,
      String sourceTopic,
      Map<String, List<RecordMetadata>> sent,
      byte[] randomBytes) {
    assertThat(dead).as("dead letters from %s", sourceTopic).hasSize(4);
    List<RecordMetadata> positions = sent.get(sourceTopic);
    List<ConsumerRecord<String, byte[]>> inSentOrder = new ArrayList<>();
    for (RecordMetadata position : positions) {
      // The dead-letter topic may have several partitions: match each letter to its source record
      // by position.
      inSentOrder.add(
          dead.stream()
              .filter(
                  l ->
                      DeadLetterHeaders.text(l.headers(), DeadLetterHeaders.SOURCE_TOPIC)
                              .equals(sourceTopic)
                          && DeadLetterHeaders.text(l.headers(), DeadLetterHeaders.SOURCE_PARTITION)
                              .equals(Integer.toString(position.partition()))
                          && DeadLetterHeaders.text(l.headers(), DeadLetterHeaders.SOURCE_OFFSET)
                              .equals(Long.toString(position.offset())))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no dead letter for " + position)));
    }
    for (ConsumerRecord<String, byte[]> letter : inSentOrder) {
      assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.REASON)).isNotBlank();
    }
    assertThat(inSentOrder.get(0).value()).as("the record as it came").isEqualTo(randomBytes);
    assertThat(inSentOrder.get(1).key()).isEqualTo("gate");
    assertThat(inSentOrder.get(2).value()).isEmpty();
    assertThat(DeadLetterHeaders.text(inSentOrder.get(2).headers(), DeadLetterHeaders.REASON))
        .contains("empty");
    assertThat(inSentOrder.get(3).key()).isEqualTo(HUGE_KEY);
    System.out.printf(
        "dead letters from %s: %s%n",
        sourceTopic,
        inSentOrder.stream()
            .map(l -> DeadLetterHeaders.text(l.headers(), DeadLetterHeaders.REASON))
            .toList());
  }

  private static byte[] tinyJpeg() throws Exception {
    var image =
        new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static long committed(Admin admin, String topic) throws Exception {
    return admin
        .listConsumerGroupOffsets(GROUP)
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  private static List<ConsumerRecord<String, byte[]>> readDeadLetters(
      EmbeddedKafkaBroker broker, String topic, int atLeast) {
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(broker)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (all.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
      // Anything more than expected would be a reader dead-lettering twice: read on a little to see
      // it.
      long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all;
  }

  private static Map<String, byte[]> latestByKey(EmbeddedKafkaBroker broker, String topic) {
    Map<String, byte[]> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(broker)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
      }
    }
    return latest;
  }

  private static KafkaConsumer<String, byte[]> consumer(EmbeddedKafkaBroker broker) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
            8 << 20),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }
}

package io.gradstream.app.inference;

import com.google.protobuf.ByteString;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real Kafka clients and real JPEG frames for the worker tests, as ingest and the publisher would
 * see them.
 */
final class WorkerTestKit implements AutoCloseable {
  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;

  WorkerTestKit(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                8 << 20),
            new StringSerializer(),
            new ByteArraySerializer());
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
  }

  /** A small real JPEG: a grey scene with a dark figure, different per seq so frames differ. */
  static byte[] jpeg(long seq) {
    return jpeg(64, 48, seq);
  }

  /** A real JPEG of {@code width} x {@code height} pixels (at least 64 x 48). */
  static byte[] jpeg(int width, int height) {
    return jpeg(width, height, 1);
  }

  private static byte[] jpeg(int width, int height, long seq) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(180, 180, 170));
    g.fillRect(0, 0, 64, 48);
    g.setColor(new Color(40, 30, 60));
    g.fillRect((int) (10 + seq % 40), 12, 10, 24);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] envelope(String camera, long seq, long captureMicros, byte[] jpeg) {
    return FrameEnvelope.newBuilder()
        .setCameraId(camera)
        .setSeq(seq)
        .setCaptureTimeUnixMicros(captureMicros)
        .setIngestSession("test-session")
        .setWidth(64)
        .setHeight(48)
        .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
        .setData(ByteString.copyFrom(jpeg))
        .build()
        .toByteArray();
  }

  static long nowMicros() {
    return System.currentTimeMillis() * 1_000;
  }

  /** Produces a fresh frame of {@code camera} and waits for the broker's acknowledgement. */
  RecordMetadata sendFrame(String topic, String camera, long seq) {
    return send(topic, camera, envelope(camera, seq, nowMicros(), jpeg(seq)));
  }

  RecordMetadata send(String topic, String key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(topic, key, value)).get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test produce failed: " + e, e);
    }
  }

  /**
   * Reads a topic from the beginning of every partition until {@code done} holds or the time is up.
   */
  List<ConsumerRecord<String, byte[]>> readUntil(
      String topic, Duration within, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + within.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * The explained frames on the detections topic once {@code done} holds for them (or the time is
   * up).
   */
  List<ExplainedFrame> detections(
      String topic, Duration within, Predicate<List<ExplainedFrame>> done) {
    List<ExplainedFrame> frames = new ArrayList<>();
    readUntil(
        topic,
        within,
        records -> {
          frames.clear();
          records.forEach(r -> frames.add(parse(r.value())));
          return done.test(frames);
        });
    return frames;
  }

  private static ExplainedFrame parse(byte[] value) {
    try {
      return ExplainedFrame.parseFrom(value);
    } catch (Exception e) {
      throw new IllegalStateException("not an ExplainedFrame on the detections topic", e);
    }
  }

  static String header(ConsumerRecord<?, ?> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The group's committed offset per partition of {@code topic} (absent: never committed). */
  Map<Integer, Long> committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(20, TimeUnit.SECONDS);
    Map<Integer, Long> out = new HashMap<>();
    offsets.forEach(
        (p, o) -> {
          if (p.topic().equals(topic) && o != null) {
            out.put(p.partition(), o.offset());
          }
        });
    return out;
  }

  /** The end offset of every partition of {@code topic} that has records. */
  Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> out = new HashMap<>();
    admin
        .listOffsets(request)
        .all()
        .get(20, TimeUnit.SECONDS)
        .forEach(
            (p, info) -> {
              if (info.offset() > 0) {
                out.put(p.partition(), info.offset());
              }
            });
    return out;
  }

  Admin admin() {
    return admin;
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
  }
}

package io.gradstream.app.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.FrameEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A test consumer of the frames topic, reading every partition from the beginning. */
final class FramesTopic implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;

  FramesTopic(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads until {@code count} frames of {@code camera} arrived after seq {@code afterSeq}, or the
   * time is up.
   */
  List<FrameEnvelope> await(String camera, long afterSeq, int count, Duration within)
      throws InvalidProtocolBufferException {
    List<FrameEnvelope> frames = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (frames.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        FrameEnvelope frame = FrameEnvelope.parseFrom(record.value());
        if (camera.equals(record.key()) && frame.getSeq() > afterSeq && frames.size() < count) {
          frames.add(frame);
        }
      }
    }
    return frames;
  }

  @Override
  public void close() {
    consumer.close();
  }
}

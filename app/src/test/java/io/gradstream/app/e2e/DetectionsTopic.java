package io.gradstream.app.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.ExplainedFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A test consumer following the detections topic from the beginning, as the publisher would. */
final class DetectionsTopic implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ExplainedFrame> seen = new ArrayList<>();

  DetectionsTopic(String bootstrapServers, String topic) {
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
   * Reads on until {@code done} holds for everything read so far (since this consumer was created),
   * or the time is up; returns everything read so far.
   */
  List<ExplainedFrame> awaitAll(Duration within, Predicate<List<ExplainedFrame>> done)
      throws InvalidProtocolBufferException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.test(seen) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        ExplainedFrame frame = ExplainedFrame.parseFrom(record.value());
        if (!frame.getCameraId().equals(record.key())) {
          throw new AssertionError(
              "detections of " + frame.getCameraId() + " keyed " + record.key());
        }
        seen.add(frame);
      }
    }
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close();
  }
}

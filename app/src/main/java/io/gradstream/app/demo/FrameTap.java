package io.gradstream.app.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.FrameEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the frames topic from its end, as a downstream role would, so the demo can show frames really
 * travelling through Kafka; keeps a count and writes the newest frame to a JPEG file.
 */
final class FrameTap implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final AtomicLong frames = new AtomicLong();
  private final AtomicReference<FrameEnvelope> latest = new AtomicReference<>();
  private volatile boolean closing;

  FrameTap(String bootstrapServers, String topic) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, "gradstream-demo-tap",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    thread = new Thread(this::read, "gradstream-demo-tap");
    thread.setDaemon(true);
    thread.start();
  }

  private void read() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            latest.set(FrameEnvelope.parseFrom(record.value()));
            frames.incrementAndGet();
          } catch (InvalidProtocolBufferException e) {
            // Not a frame; the demo only counts frames.
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  long frames() {
    return frames.get();
  }

  FrameEnvelope latest() {
    return latest.get();
  }

  /** Writes the newest frame's JPEG to {@code file} (atomically, so a viewer never sees half a file). */
  void saveLatest(Path file) throws IOException {
    FrameEnvelope frame = latest.get();
    if (frame != null) {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, frame.getData().toByteArray());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    consumer.wakeup();
    thread.join(5_000);
  }
}

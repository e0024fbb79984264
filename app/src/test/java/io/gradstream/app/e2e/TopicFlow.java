package io.gradstream.app.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the frames and detections topics from their beginning on a thread of its own and notes
 * when each record arrived, so the soak can tell when frames flowed again after a fault. It is a
 * plain consumer without a group: it survives the broker restart like any client, and it reads what
 * the roles wrote, not what they say they did.
 */
final class TopicFlow implements AutoCloseable {
  /**
   * One record as seen here: which topic, camera and seq, which worker made it (detections), when
   * it came.
   */
  record Arrival(boolean detections, String camera, long seq, String worker, long nanos) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final String detectionsTopic;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closing;
  private volatile Throwable failure;

  TopicFlow(String bootstrapServers, String framesTopic, String detectionsTopic) {
    this.detectionsTopic = detectionsTopic;
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                16 * 1024 * 1024),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(framesTopic, detectionsTopic)) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = Thread.ofPlatform().name("soak-topic-flow").daemon().start(this::read);
  }

  private void read() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          add(arrival(record));
        }
      }
    } catch (RuntimeException | InvalidProtocolBufferException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private Arrival arrival(ConsumerRecord<String, byte[]> record)
      throws InvalidProtocolBufferException {
    long now = System.nanoTime();
    if (record.topic().equals(detectionsTopic)) {
      ExplainedFrame f = ExplainedFrame.parseFrom(record.value());
      return new Arrival(true, f.getCameraId(), f.getSeq(), f.getWorkerId(), now);
    }
    FrameEnvelope f = FrameEnvelope.parseFrom(record.value());
    return new Arrival(false, f.getCameraId(), f.getSeq(), "", now);
  }

  private synchronized void add(Arrival a) {
    arrivals.add(a);
  }

  /** Everything seen so far, in arrival order. */
  synchronized List<Arrival> all() {
    checkAlive();
    return List.copyOf(arrivals);
  }

  /**
   * When every one of {@code cameras} had a record matching {@code which} that arrived after {@code
   * sinceNanos}: the arrival time of the last camera to get one, or empty while one is still
   * missing.
   */
  synchronized Optional<Long> allCamerasAfter(
      long sinceNanos, Set<String> cameras, Predicate<Arrival> which) {
    checkAlive();
    Set<String> missing = new HashSet<>(cameras);
    for (Arrival a : arrivals) {
      if (a.nanos() > sinceNanos
          && which.test(a)
          && missing.remove(a.camera())
          && missing.isEmpty()) {
        return Optional.of(a.nanos());
      }
    }
    return Optional.empty();
  }

  /**
   * The arrival time of the first record matching {@code which} after {@code sinceNanos}, if one
   * came.
   */
  synchronized Optional<Long> firstAfter(long sinceNanos, Predicate<Arrival> which) {
    checkAlive();
    return arrivals.stream()
        .filter(a -> a.nanos() > sinceNanos && which.test(a))
        .map(Arrival::nanos)
        .findFirst();
  }

  private void checkAlive() {
    if (failure != null) {
      throw new IllegalStateException("the soak's topic watcher stopped: " + failure, failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing = true; // the reader sees it within one poll
    thread.join(10_000);
  }
}

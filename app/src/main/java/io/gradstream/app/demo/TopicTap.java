package io.gradstream.app.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.kafka.ReaderLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows a topic from its end, as a downstream role would, so the demo can show messages really
 * travelling through Kafka: counts them and keeps the newest few.
 *
 * @param <T> the protobuf message the topic carries
 */
final class TopicTap<T> implements AutoCloseable {
  /** Parses one record value; throws for bytes that are not a {@code T}. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] value) throws InvalidProtocolBufferException;
  }

  private final Consumer<String, byte[]> consumer;
  private final Parser<T> parser;
  private final int keep;
  private final Deque<T> newest = new ArrayDeque<>();
  private final AtomicLong count = new AtomicLong();
  private final ReaderLoop loop;

  /**
   * @param keep how many of the newest messages to hold
   */
  TopicTap(KafkaConnection kafka, String topic, Parser<T> parser, int keep) {
    this.parser = parser;
    this.keep = keep;
    consumer = KafkaClients.consumer(kafka, "gradstream-demo-tap-" + topic, Map.of());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    loop =
        new ReaderLoop(
                "demo-tap-" + topic,
                "the demo's progress line stops counting " + topic,
                consumer,
                this::read)
            .start();
  }

  private void read() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
      try {
        T message = parser.parse(record.value());
        synchronized (newest) {
          newest.addLast(message);
          if (newest.size() > keep) newest.removeFirst();
        }
        count.incrementAndGet();
      } catch (InvalidProtocolBufferException e) {
        // Not one of ours; the demo only counts what it can read.
      }
    }
  }

  /** Messages read so far. */
  long count() {
    return count.get();
  }

  /** The newest messages held, oldest first. */
  List<T> newest() {
    synchronized (newest) {
      return List.copyOf(newest);
    }
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
  }
}

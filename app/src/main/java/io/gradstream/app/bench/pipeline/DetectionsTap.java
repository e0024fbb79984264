package io.gradstream.app.bench.pipeline;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.kafka.ReaderLoop;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.StageTimings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every {@code ExplainedFrame} the workers write (all partitions of the detections topic,
 * from the end at start, no consumer group) and records, for each frame captured inside the window,
 * the worker's own stage timings exactly as the message carries them.
 */
public final class DetectionsTap implements AutoCloseable {
  /** The stages reported, in pipeline order; {@code track} is the message's postprocess field. */
  public static final List<String> STAGES =
      List.of("kafka", "queue", "decode", "inference", "explain", "track", "total");

  private final Consumer<String, byte[]> consumer;
  private final MeasurementWindow window;
  private final boolean explains;
  private final Map<String, ExactLatencies> stages = new LinkedHashMap<>();
  private final Map<String, AtomicLong> byWorker = new ConcurrentHashMap<>();
  private final AtomicLong inWindow = new AtomicLong();
  private final AtomicLong seen = new AtomicLong();
  private final ReaderLoop loop;
  private volatile long newestCaptureMicros;

  private DetectionsTap(
      Consumer<String, byte[]> consumer, MeasurementWindow window, boolean explains) {
    this.consumer = consumer;
    this.window = window;
    this.explains = explains;
    STAGES.forEach(s -> stages.put(s, new ExactLatencies()));
    this.loop =
        new ReaderLoop(
            "bench-detections-tap",
            "the bench's latencies stop at this point; run it again",
            consumer,
            this::read);
  }

  /**
   * Starts reading {@code topic} from its end; returns once the end is taken, so later writes are
   * all seen.
   */
  public static DetectionsTap start(
      String bootstrapServers, String topic, MeasurementWindow window, boolean explains) {
    Consumer<String, byte[]> consumer =
        KafkaClients.consumer(
            KafkaConnection.plaintext(bootstrapServers),
            "gradstream-bench-detections",
            Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20));
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(
        tp -> consumer.position(tp, Duration.ofSeconds(30))); // resolve the end now, not lazily
    DetectionsTap tap = new DetectionsTap(consumer, window, explains);
    tap.loop.start();
    return tap;
  }

  private void read() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      take(record.value());
    }
  }

  private void take(byte[] value) {
    ExplainedFrame frame;
    try {
      frame = ExplainedFrame.parseFrom(value);
    } catch (InvalidProtocolBufferException | NullPointerException e) {
      return;
    }
    seen.incrementAndGet();
    newestCaptureMicros = Math.max(newestCaptureMicros, frame.getCaptureTimeUnixMicros());
    if (!window.contains(frame.getCaptureTimeUnixMicros())) {
      return;
    }
    inWindow.incrementAndGet();
    byWorker.computeIfAbsent(frame.getWorkerId(), w -> new AtomicLong()).incrementAndGet();
    StageTimings t = frame.getTimings();
    if (t.getKafkaMicros() > 0) {
      stages.get("kafka").record(t.getKafkaMicros());
    }
    stages.get("queue").record(t.getQueueMicros());
    stages.get("decode").record(t.getDecodeMicros());
    stages.get("inference").record(t.getInferenceMicros());
    if (explains) {
      stages.get("explain").record(t.getExplainMicros());
    }
    stages.get("track").record(t.getPostprocessMicros());
    stages.get("total").record(t.getTotalMicros());
  }

  /** Each stage's latencies of the frames in the window. */
  public Map<String, ExactLatencies> stages() {
    return stages;
  }

  /** Explained frames in the window, by the worker that wrote them. */
  public Map<String, Long> byWorker() {
    Map<String, Long> out = new TreeMap<>();
    byWorker.forEach((w, n) -> out.put(w, n.get()));
    return out;
  }

  /** Explained frames read so far, in the window or not. */
  public long seen() {
    return seen.get();
  }

  /** Explained frames in the window read so far. */
  public long inWindow() {
    return inWindow.get();
  }

  /** The newest capture time among the frames read. */
  public long newestCaptureMicros() {
    return newestCaptureMicros;
  }

  @Override
  public void close() {
    try {
      loop.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

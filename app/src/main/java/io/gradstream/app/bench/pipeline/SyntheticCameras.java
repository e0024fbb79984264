package io.gradstream.app.bench.pipeline;

import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.ingest.sink.KafkaFrameSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * N cameras that produce straight into the frames topic, as ingest would: one thread per camera at
 * its frame rate ({@link FramePacing}), each frame a {@code FrameEnvelope} with a fresh capture
 * time (taken when it is handed to the producer), the next seq, the camera's ingest session and a
 * JPEG of the pool, sent by ingest's own {@link KafkaFrameSink} (its producer settings, keyed by
 * camera id). Camera {@code i} starts at its own place in the pool, so cameras show different
 * pictures, and at its own phase of the frame period, as independent cameras do: ten cameras at 10
 * fps send a frame every 10 ms, not ten frames at once every 100 ms (unless asked for {@link
 * Phases#ALIGNED}, the worst case).
 */
public final class SyntheticCameras implements AutoCloseable {
  private final KafkaFrameSink sink;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  private SyntheticCameras(KafkaFrameSink sink) {
    this.sink = sink;
  }

  /** The id of camera {@code index} (from 0). */
  public static String cameraId(int index) {
    return String.format("cam-%02d", index + 1);
  }

  /** When in the frame period each camera sends. */
  public enum Phases {
    /** Spread evenly over the period, like cameras started at different times. */
    SPREAD,
    /** All at the start of the period: every camera's frame at the same instant. */
    ALIGNED
  }

  /**
   * Starts {@code cameras} cameras at {@code fps} each, sending frames of {@code pool}, phases
   * spread.
   */
  public static SyntheticCameras start(
      String bootstrapServers,
      String topic,
      int maxMessageBytes,
      JpegFramePool pool,
      int cameras,
      double fps) {
    return start(bootstrapServers, topic, maxMessageBytes, pool, cameras, fps, Phases.SPREAD);
  }

  /**
   * Starts {@code cameras} cameras at {@code fps} each, sending frames of {@code pool} at {@code
   * phases}.
   */
  public static SyntheticCameras start(
      String bootstrapServers,
      String topic,
      int maxMessageBytes,
      JpegFramePool pool,
      int cameras,
      double fps,
      Phases phases) {
    SyntheticCameras source =
        new SyntheticCameras(
            KafkaFrameSink.create(
                KafkaConnection.plaintext(bootstrapServers),
                topic,
                maxMessageBytes,
                new SimpleMeterRegistry()));
    long start = System.nanoTime();
    long period = FramePacing.of(fps, start).periodNanos();
    for (int i = 0; i < cameras; i++) {
      String id = cameraId(i);
      long firstFrame = (long) i * pool.frames().size() / cameras;
      long phase = phases == Phases.SPREAD ? i * period / cameras : 0;
      FramePacing pacing = FramePacing.of(fps, start + phase);
      Thread thread =
          Thread.ofPlatform()
              .daemon()
              .name("bench-camera-" + id)
              .start(() -> source.run(id, pool, firstFrame, pacing));
      source.threads.add(thread);
    }
    return source;
  }

  private void run(String cameraId, JpegFramePool pool, long firstFrame, FramePacing pacing) {
    String session = UUID.randomUUID().toString();
    long k = 0;
    while (!stopping) {
      long wait = pacing.dueNanos(k) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue; // woken early or on time: check again, never send before due
      }
      FrameEnvelope envelope =
          FrameEnvelope.newBuilder()
              .setCameraId(cameraId)
              .setSeq(k + 1)
              .setCaptureTimeUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()))
              .setPtsMicros(k * pacing.periodNanos() / 1_000)
              .setWidth(pool.width())
              .setHeight(pool.height())
              .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
              .setData(pool.frame(firstFrame + k))
              .setIngestSession(session)
              .build();
      sink.send(
          envelope,
          (reason, error) ->
              dropped.computeIfAbsent(reason.label(), r -> new AtomicLong()).incrementAndGet());
      offered.incrementAndGet();
      long next = pacing.next(k, System.nanoTime());
      skipped.addAndGet(next - k - 1);
      k = next;
    }
  }

  /** Frames handed to the producer so far, all cameras. */
  public long offered() {
    return offered.get();
  }

  /** Frames passed over because a camera's thread fell behind its schedule (a busy machine). */
  public long skipped() {
    return skipped.get();
  }

  /** Frames the producer could not deliver, by ingest's drop reason (too_large, kafka). */
  public Map<String, Long> dropped() {
    Map<String, Long> out = new java.util.TreeMap<>();
    dropped.forEach((reason, n) -> out.put(reason, n.get()));
    return out;
  }

  /** Stops the cameras and flushes the producer. */
  @Override
  public void close() {
    stopping = true;
    for (Thread thread : threads) {
      LockSupport.unpark(thread);
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sink.close();
  }
}

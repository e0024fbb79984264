package io.gradstream.inference.worker.metrics;

import io.gradstream.common.metrics.BoundedLabel;
import io.gradstream.inference.worker.pipeline.DropReason;
import io.gradstream.inference.worker.source.ConsumerMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The inference worker's meters. Prometheus names:
 *
 * <ul>
 *   <li>{@code gradstream_inference_frames_total{camera}} (consumed), {@code
 *       _frames_out_total{camera}} (explained frames produced), {@code _detections_total{camera}},
 *       {@code _frames_dropped_total{camera,reason}};
 *   <li>histograms {@code _stage_latency_seconds{stage}} (kafka, queue, decode, inference, explain,
 *       track, total), {@code _frame_age_seconds} (capture to produce: what a viewer waits), {@code
 *       _batch_size} (frames per detector call) and {@code _explanation_confidence_ratio{method}}
 *       (one per detection, see {@link RatioHistogram}) and {@code
 *       _detection_reliability_ratio{class}} (one per detection scored by a reliability model);
 *   <li>{@code _consumer_lag_records} (gauge), {@code _dead_letters_total}, {@code
 *       _delivery_retries_total}.
 * </ul>
 *
 * The {@code camera} label is the record's Kafka key, which ingest sets to the camera id: known
 * before the envelope is parsed, so frames in, out and dropped add up per camera. It is capped at
 * {@link BoundedLabel#MAX_CAMERAS} ids (the rest share {@code other}); a record without a key is
 * {@code unknown}. Thread-safe: the poll thread, the decode threads, the detect thread and the
 * producer's callbacks all record here.
 */
public final class WorkerMetrics implements ConsumerMeters, AutoCloseable {
  /** Pipeline stages timed per frame. */
  public enum Stage {
    /**
     * The Kafka hop, before the worker has the frame: the record's CreateTime (producer's clock,
     * whole milliseconds) to the poll returning it, for every record polled (dropped ones too). Not
     * part of {@link #TOTAL}.
     */
    KAFKA,
    /**
     * From the poll returning the record to its decode starting: time spent waiting in the queue.
     */
    QUEUE,
    DECODE,
    /** The detector call for the frame's whole batch. */
    INFERENCE,
    /** Explaining one frame's detections (part of the batch's detector call, per frame). */
    EXPLAIN,
    TRACK,
    /** From the poll to the produce call. */
    TOTAL
  }

  /** Latency buckets for video: a millisecond (a decode) to ten seconds (a worker far behind). */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(20),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(200),
    Duration.ofMillis(300),
    Duration.ofMillis(500),
    Duration.ofMillis(750),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  /**
   * Every batch size up to 16, the largest {@code inference.batch.max-size} worth running on one
   * detector.
   */
  static final double[] BATCH_BUCKETS = IntStream.rangeClosed(1, 16).asDoubleStream().toArray();

  private final MeterRegistry registry;
  private final Queue<Meter> meters = new ConcurrentLinkedQueue<>();
  private final BoundedLabel cameraLabel = BoundedLabel.cameras();
  private final Map<String, CameraMeters> cameras = new ConcurrentHashMap<>();

  /** Explanation methods come from code; the cap only guards against a bug. */
  private static final int MAX_METHODS = 16;

  /**
   * Class names come from the model: COCO has 80; a model with thousands must not flood Prometheus.
   */
  private static final int MAX_CLASSES = 100;

  private final RatioHistogram confidence;
  private final RatioHistogram reliability;
  private final Counter deadLetters;
  private final Counter deliveryRetries;
  private final DistributionSummary batchSize;
  private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
  private final Timer frameAge;
  private final AtomicLong lag = new AtomicLong();

  /** The counters of one camera label. */
  private final class CameraMeters {
    final Counter in;
    final Counter out;
    final Counter detections;
    final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

    CameraMeters(String camera) {
      in =
          add(
              Counter.builder("gradstream.inference.frames")
                  .tag("camera", camera)
                  .description("Frames consumed from the frames topic")
                  .register(registry));
      out =
          add(
              Counter.builder("gradstream.inference.frames.out")
                  .tag("camera", camera)
                  .description("Explained frames produced to the detections topic")
                  .register(registry));
      detections =
          add(
              Counter.builder("gradstream.inference.detections")
                  .tag("camera", camera)
                  .description("Detections produced to the detections topic")
                  .register(registry));
      // Every reason from the start, so a rate over a reason that has not happened yet reads 0, not
      // nothing.
      for (DropReason reason : DropReason.values()) {
        dropped.put(
            reason,
            add(
                Counter.builder("gradstream.inference.frames.dropped")
                    .tag("camera", camera)
                    .tag("reason", reason.label())
                    .description("Frames consumed that produced no detections, by reason")
                    .register(registry)));
      }
    }
  }

  /** Registers the worker's meters in {@code registry}; {@link #close()} removes them. */
  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    deadLetters =
        add(
            Counter.builder("gradstream.inference.dead.letters")
                .description("Records written to the dead-letter topic")
                .register(registry));
    deliveryRetries =
        add(
            Counter.builder("gradstream.inference.delivery.retries")
                .description("Produce attempts repeated after a retriable Kafka error")
                .register(registry));
    batchSize =
        add(
            DistributionSummary.builder("gradstream.inference.batch.size")
                .description("Frames per detector call")
                .serviceLevelObjectives(BATCH_BUCKETS)
                .register(registry));
    for (Stage stage : Stage.values()) {
      stages.put(
          stage,
          add(
              Timer.builder("gradstream.inference.stage.latency")
                  .tag("stage", stage.name().toLowerCase(Locale.ROOT))
                  .description("Time per frame in each stage of the inference worker")
                  .serviceLevelObjectives(LATENCY_BUCKETS)
                  .register(registry)));
    }
    frameAge =
        add(
            Timer.builder("gradstream.inference.frame.age")
                .description("From capture (ingest's wall clock) to the detections being produced")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
    add(
        Gauge.builder("gradstream.inference.consumer.lag", lag, AtomicLong::get)
            .baseUnit("records")
            .description(
                "Records behind the end of the frames topic, summed over the partitions this worker holds")
            .register(registry));
    confidence =
        RatioHistogram.register(
            registry,
            "gradstream_inference_explanation_confidence_ratio",
            "Explanation confidence of every detection produced, in [0, 1]",
            "method",
            MAX_METHODS);
    reliability =
        RatioHistogram.register(
            registry,
            "gradstream_inference_detection_reliability_ratio",
            "Reliability (probability that the detection is correct) of every detection produced, in [0, 1]",
            "class",
            MAX_CLASSES);
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  private CameraMeters camera(String key) {
    return cameras.computeIfAbsent(cameraLabel.of(key), CameraMeters::new);
  }

  /** One record of camera {@code key} was consumed from the frames topic. */
  @Override
  public void frameIn(String key) {
    camera(key).in.increment();
  }

  /** The consumer is {@code records} behind the end of the partitions it holds. */
  @Override
  public void lag(long records) {
    lag.set(Math.max(0, records));
  }

  /**
   * One consumed record's Kafka hop, in microseconds: the {@code kafka} stage, for every record
   * polled.
   */
  @Override
  public void kafkaHop(long micros) {
    stage(Stage.KAFKA, micros * 1_000);
  }

  /** One consumed frame of camera {@code key} produced no detections, for {@code reason}. */
  public void dropped(DropReason reason, String key) {
    camera(key).dropped.get(reason).increment();
  }

  /** One record was written to the dead-letter topic. */
  public void deadLettered() {
    deadLetters.increment();
  }

  /** A write is being tried again after a retriable Kafka error. */
  public void deliveryRetried() {
    deliveryRetries.increment();
  }

  /** The detector was called with {@code frames} frames. */
  public void batch(int frames) {
    batchSize.record(frames);
  }

  /** One frame spent {@code nanos} in {@code stage}. */
  public void stage(Stage stage, long nanos) {
    stages.get(stage).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /**
   * The explanation quality of one detection, as the wire message carries it.
   *
   * @param reliability the probability it is correct, NaN when the worker has no reliability model
   */
  public record Explained(String method, double confidence, String label, double reliability) {}

  /**
   * One explained frame of camera {@code key} was produced, {@code ageMillis} after its capture,
   * with {@code detections} detections of which {@code explained} carry an explanation.
   */
  public void produced(String key, int detections, List<Explained> explained, long ageMillis) {
    CameraMeters camera = camera(key);
    camera.out.increment();
    camera.detections.increment(detections);
    for (Explained e : explained) {
      confidence.record(e.method(), e.confidence());
      if (!Double.isNaN(e.reliability())) {
        reliability.record(e.label(), e.reliability());
      }
    }
    frameAge.record(Math.max(0, ageMillis), TimeUnit.MILLISECONDS);
  }

  /** Frames dropped for {@code reason} so far over all cameras, for tests and logs. */
  public double droppedCount(DropReason reason) {
    return cameras.values().stream().mapToDouble(c -> c.dropped.get(reason).count()).sum();
  }

  /** Removes the meters, so a restarted worker in the same process registers fresh ones. */
  @Override
  public void close() {
    for (Meter meter; (meter = meters.poll()) != null; ) {
      registry.remove(meter);
    }
    cameras.clear();
    confidence.close();
    reliability.close();
  }
}

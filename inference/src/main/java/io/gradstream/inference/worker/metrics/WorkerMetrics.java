package io.gradstream.inference.worker.metrics;

import io.gradstream.inference.worker.pipeline.DropReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The inference worker's meters. Prometheus names: {@code gradstream_inference_frames_total} (consumed),
 * {@code _frames_dropped_total{reason}}, {@code _frames_out_total} (explained frames produced),
 * {@code _detections_total}, {@code _dead_letters_total}, {@code _delivery_retries_total},
 * {@code _batch_size}, {@code _stage_latency_seconds{stage}} (queue, decode, inference, explain, track, total) and
 * {@code _frame_age_seconds} (capture to produce: what a viewer waits).
 */
public final class WorkerMetrics implements AutoCloseable {
  /** Pipeline stages timed per frame. */
  public enum Stage {
    /** From the poll returning the record to its decode starting: time spent waiting in the queue. */
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

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter framesIn;
  private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
  private final Counter framesOut;
  private final Counter detections;
  private final Counter deadLetters;
  private final Counter deliveryRetries;
  private final DistributionSummary batchSize;
  private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
  private final Timer frameAge;

  /** Registers the worker's meters in {@code registry}; {@link #close()} removes them. */
  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    framesIn = add(Counter.builder("gradstream.inference.frames")
        .description("Frames consumed from the frames topic").register(registry));
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, add(Counter.builder("gradstream.inference.frames.dropped").tag("reason", reason.label())
          .description("Frames consumed that produced no detections, by reason").register(registry)));
    }
    framesOut = add(Counter.builder("gradstream.inference.frames.out")
        .description("Explained frames produced to the detections topic").register(registry));
    detections = add(Counter.builder("gradstream.inference.detections")
        .description("Detections produced to the detections topic").register(registry));
    deadLetters = add(Counter.builder("gradstream.inference.dead.letters")
        .description("Records written to the dead-letter topic").register(registry));
    deliveryRetries = add(Counter.builder("gradstream.inference.delivery.retries")
        .description("Produce attempts repeated after a retriable Kafka error").register(registry));
    batchSize = add(DistributionSummary.builder("gradstream.inference.batch.size")
        .description("Frames per detector call").publishPercentileHistogram(false).register(registry));
    for (Stage stage : Stage.values()) {
      stages.put(stage, add(Timer.builder("gradstream.inference.stage.latency").tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
          .description("Time per frame in each stage of the inference worker").register(registry)));
    }
    frameAge = add(Timer.builder("gradstream.inference.frame.age")
        .description("From capture (ingest's wall clock) to the detections being produced").register(registry));
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  /** One record was consumed from the frames topic. */
  public void frameIn() {
    framesIn.increment();
  }

  /** One consumed frame produced no detections, for {@code reason}. */
  public void dropped(DropReason reason) {
    dropped.get(reason).increment();
  }

  /** {@code frames} consumed frames produced no detections, for {@code reason}. */
  public void dropped(DropReason reason, int frames) {
    dropped.get(reason).increment(frames);
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

  /** One explained frame with {@code count} detections was produced, {@code ageMillis} after its capture. */
  public void produced(int count, long ageMillis) {
    framesOut.increment();
    detections.increment(count);
    frameAge.record(Math.max(0, ageMillis), TimeUnit.MILLISECONDS);
  }

  /** Frames dropped for {@code reason} so far, for tests and logs. */
  public double droppedCount(DropReason reason) {
    return dropped.get(reason).count();
  }

  /** Removes the meters, so a restarted worker in the same process registers fresh ones. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}

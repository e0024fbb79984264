package io.gradstream.inference.worker.pipeline;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detector;
import io.gradstream.inference.track.MultiCameraTracker;
import io.gradstream.inference.worker.metrics.WorkerMetrics;
import io.gradstream.inference.worker.sink.ResultSink;
import io.gradstream.inference.worker.source.InboundFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The compute pipeline of one worker, as a Reactor flux:
 *
 * <pre>
 * offer() ─▶ bounded queue (drop oldest: latest wins) ─▶ parse, drop stale, decode JPEG (decode threads, in order)
 *         ─▶ bufferTimeout(batch.max-size, batch.max-wait) across cameras ─▶ detect + track (detect thread) ─▶ sink
 * </pre>
 *
 * Backpressure: the detect thread takes one batch at a time and the batcher only asks for frames
 * when a batch is wanted, so when the detector falls behind, frames wait in the bounded queue and
 * the oldest is dropped there (counted as {@code backpressure}) instead of the worker lagging
 * further behind live.
 *
 * <p>Each frame's record is marked done once its result is written (or it was dropped on purpose);
 * the source commits offsets from that. Blocking work runs on the pipeline's own schedulers only:
 * decodes on {@code gradstream-decode}, the detector on {@code gradstream-detect}, the batch timer
 * on its own thread.
 */
public final class InferencePipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InferencePipeline.class);

  private final PipelineSettings settings;
  private final FrameDecoding decoding;
  private final BatchInference inference;
  private final ResultSink sink;
  private final WorkerMetrics metrics;
  private final Consumer<Throwable> onFailure;
  private final Sinks.Many<InboundFrame> ingress = Sinks.many().unicast().onBackpressureBuffer();
  private final Scheduler decodeScheduler;
  private final Scheduler batchTimer;
  private final Scheduler detectScheduler;
  private final CountDownLatch finished = new CountDownLatch(1);
  private Disposable running;

  /**
   * @param detector the model; called from one thread at a time
   * @param jpegDecoder JPEG bytes to BGR pixels; throws on unreadable bytes
   * @param tracker per-camera tracker, used from the detect thread only
   * @param builder builds the wire messages
   * @param sink where results go
   * @param metrics the worker's meters
   * @param settings batching and buffering
   * @param clock wall clock for frame ages
   * @param onFailure told when the pipeline itself dies (a bug, not a bad frame); the worker must
   *     stop
   */
  public InferencePipeline(
      Detector detector,
      Function<byte[], BgrImage> jpegDecoder,
      MultiCameraTracker tracker,
      ExplainedFrameBuilder builder,
      ResultSink sink,
      WorkerMetrics metrics,
      PipelineSettings settings,
      Clock clock,
      Consumer<Throwable> onFailure) {
    this.settings = settings;
    this.decoding =
        new FrameDecoding(jpegDecoder, clock, settings.maxFrameAge(), settings.maxFramePixels());
    this.inference =
        new BatchInference(
            Objects.requireNonNull(detector, "detector"), tracker, builder, sink, metrics, clock);
    this.sink = sink;
    this.metrics = metrics;
    this.onFailure = onFailure;
    this.decodeScheduler =
        Schedulers.newParallel("gradstream-decode", settings.decodeThreads(), true);
    this.batchTimer = Schedulers.newSingle("gradstream-batch-timer", true);
    this.detectScheduler =
        Schedulers.newBoundedElastic(1, Integer.MAX_VALUE, "gradstream-detect", 60, true);
  }

  /** Subscribes the flux; frames offered before this wait in the ingress. */
  public InferencePipeline start() {
    running =
        ingress
            .asFlux()
            .onBackpressureBuffer(
                settings.queueCapacity(),
                this::droppedForBackpressure,
                BufferOverflowStrategy.DROP_OLDEST)
            .flatMapSequential(
                record ->
                    Mono.fromSupplier(() -> decoding.decode(record)).subscribeOn(decodeScheduler),
                settings.decodeThreads(),
                1)
            .<DecodedFrame>handle(
                (outcome, next) -> {
                  switch (outcome) {
                    case DecodeOutcome.Decoded d -> next.next(d.frame());
                    case DecodeOutcome.Dropped d -> dropped(d);
                    case DecodeOutcome.Undecodable u -> deadLetter(u);
                  }
                })
            .bufferTimeout(settings.batchMaxSize(), settings.batchMaxWait(), batchTimer, true)
            .publishOn(detectScheduler, 1)
            .subscribe(inference::run, this::failed, finished::countDown);
    return this;
  }

  /**
   * Hands a consumed record to the pipeline; never blocks. Called from the poll thread only (the
   * ingress accepts one producer).
   */
  public void offer(InboundFrame record) {
    Sinks.EmitResult result = ingress.tryEmitNext(record);
    if (result.isFailure()) {
      // Only after close() or a pipeline failure; the record stays pending and is not committed.
      log.debug("event=frame-not-accepted position={} result={}", record.position(), result);
    }
  }

  private void droppedForBackpressure(InboundFrame record) {
    metrics.dropped(DropReason.BACKPRESSURE, record.key());
    record.done();
  }

  private void dropped(DecodeOutcome.Dropped d) {
    metrics.dropped(d.reason(), d.record().key());
    if (d.reason() != DropReason.REVOKED) {
      d.record().done();
    }
  }

  private void deadLetter(DecodeOutcome.Undecodable u) {
    metrics.dropped(DropReason.UNDECODABLE, u.record().key());
    log.warn(
        "event=frame-undecodable position={} camera={} reason=\"{}\"",
        u.record().position(),
        u.record().key(),
        u.reason());
    sink.deadLetter(
        u.record(),
        u.reason(),
        () -> {
          metrics.deadLettered();
          u.record().done();
        });
  }

  private void failed(Throwable error) {
    log.error("event=pipeline-failed error=\"{}\"", error.toString(), error);
    finished.countDown();
    onFailure.accept(error);
  }

  /**
   * Stops taking frames and lets those inside finish, for at most {@code drain}; then stops the
   * pipeline's threads. Frames still inside after that stay uncommitted and are done again by the
   * partition's next owner.
   */
  public void close(Duration drain) {
    ingress.tryEmitComplete();
    try {
      if (running != null && !finished.await(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("event=pipeline-drain-timeout after_ms={}", drain.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running != null) {
      running.dispose();
    }
    detectScheduler.dispose();
    batchTimer.dispose();
    decodeScheduler.dispose();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}

package io.gradstream.publisher.metrics;

import io.gradstream.common.metrics.BoundedLabel;
import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.join.JoinOutcome;
import io.gradstream.publisher.live.FeedTimings;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.live.LiveFrame;
import io.gradstream.publisher.source.PublisherStreams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The publisher's metrics: what the join made of each camera's frames ({@code
 * gradstream_publisher_frames_total{camera,outcome}}), the glass-to-glass latency from a frame's
 * capture (ingest's wall clock) to the publisher sending it out annotated ({@code
 * gradstream_publisher_glass_to_glass_seconds{camera}}), the time of its own steps ({@code
 * gradstream_publisher_stage_latency_seconds{stage}}: render, publish), and messages skipped as
 * unreadable. The {@code camera} label is capped at {@link BoundedLabel#MAX_CAMERAS} ids (the rest
 * share {@code other}). Create it first and hand it to the {@link FrameJoiner} and the {@link
 * LiveFeed} it measures, then {@link #bind} it and {@link #timeGlassToGlass} the feed.
 */
public final class PublisherMetrics implements JoinOutcome.Listener, FeedTimings {
  /** Capture to screen: tens of milliseconds at best, seconds when something lags. */
  static final Duration[] GLASS_TO_GLASS_BUCKETS = {
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(200),
    Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1),
    Duration.ofMillis(1_500), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  /**
   * The publisher's own steps: a millisecond (handing a frame on) to a second (a large frame's
   * render).
   */
  static final Duration[] STAGE_BUCKETS = {
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(20),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(200),
    Duration.ofMillis(500),
    Duration.ofSeconds(1)
  };

  private final MeterRegistry registry;
  private final Clock clock;
  private final BoundedLabel cameraLabel = BoundedLabel.cameras();
  private final Map<String, CameraMeters> cameras = new ConcurrentHashMap<>();
  private final Timer render;
  private final Timer publish;

  /** The meters of one camera label. */
  private final class CameraMeters {
    final Map<JoinOutcome, Counter> outcomes = new EnumMap<>(JoinOutcome.class);
    final Timer glassToGlass;

    CameraMeters(String camera) {
      // Every outcome from the camera's first frame, so a ratio of outcomes reads 0 rather than
      // nothing.
      for (JoinOutcome outcome : JoinOutcome.values()) {
        outcomes.put(
            outcome,
            Counter.builder("gradstream.publisher.frames")
                .tag("camera", camera)
                .tag("outcome", outcome.label())
                .description(
                    "Frames through the join, by outcome: joined with their detections, shown without them "
                        + "after the timeout, evicted from a full buffer, or late (a newer frame was already out)")
                .register(registry));
      }
      glassToGlass =
          Timer.builder("gradstream.publisher.glass.to.glass")
              .tag("camera", camera)
              .description("From capture to the annotated frame going out of the publisher")
              .serviceLevelObjectives(GLASS_TO_GLASS_BUCKETS)
              .register(registry);
    }
  }

  /**
   * Registers the stage timers in {@code registry}; camera meters follow with each camera's first
   * frame.
   */
  public PublisherMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.render = stage("render");
    this.publish = stage("publish");
  }

  private Timer stage(String stage) {
    return Timer.builder("gradstream.publisher.stage.latency")
        .tag("stage", stage)
        .description(
            "Time per frame in the publisher's steps: render (boxes and heatmaps drawn, JPEG encoded, "
                + "once per frame a stream asks for) and publish (handed to every viewer and stream)")
        .serviceLevelObjectives(STAGE_BUCKETS)
        .register(registry);
  }

  private CameraMeters camera(String cameraId) {
    return cameras.computeIfAbsent(cameraLabel.of(cameraId), CameraMeters::new);
  }

  /** Registers the meters that read {@code joiner}'s and {@code streams}' own counts. */
  public void bind(FrameJoiner joiner, PublisherStreams streams) {
    FunctionCounter.builder(
            "gradstream.publisher.detections.unmatched", joiner, FrameJoiner::unmatchedDetections)
        .description("Explained frames whose frame never came while they were held")
        .register(registry);
    FunctionCounter.builder(
            "gradstream.publisher.messages.skipped", streams, PublisherStreams::garbage)
        .description("Messages on the frames or detections topic that did not parse")
        .register(registry);
    FunctionCounter.builder(
            "gradstream.publisher.detections.retried", streams, PublisherStreams::listenerFailures)
        .description("Explained frames read again because the alert engine could not handle them")
        .register(registry);
  }

  /**
   * Times, per camera, what {@code feed} sends out from capture on, for as long as the feed lives.
   */
  public void timeGlassToGlass(LiveFeed feed) {
    feed.subscribe(this::sentOut);
  }

  @Override
  public void counted(String cameraId, JoinOutcome outcome) {
    camera(cameraId).outcomes.get(outcome).increment();
  }

  @Override
  public void rendered(long nanos) {
    render.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  @Override
  public void published(long nanos) {
    publish.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  private void sentOut(LiveFrame frame) {
    long captured = frame.frame().getCaptureTimeUnixMicros();
    if (captured > 0) {
      long micros = TimeUnit.MILLISECONDS.toMicros(clock.millis()) - captured;
      camera(frame.cameraId()).glassToGlass.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }
  }
}

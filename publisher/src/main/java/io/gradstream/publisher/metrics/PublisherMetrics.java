package io.gradstream.publisher.metrics;

import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.live.LiveFrame;
import io.gradstream.publisher.source.PublisherStreams;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The publisher's metrics: what the join made of the frames, messages skipped as unreadable, and the
 * glass-to-glass latency from a frame's capture (ingest's wall clock) to the publisher sending it out
 * annotated.
 */
public final class PublisherMetrics {
  private PublisherMetrics() {}

  /**
   * Registers the meters on {@code registry} and times what {@code feed} sends out for as long as the feed
   * lives.
   */
  public static void bind(MeterRegistry registry, FrameJoiner joiner, PublisherStreams streams, LiveFeed feed,
      Clock clock) {
    frames(registry, joiner, "joined", FrameJoiner::joined);
    frames(registry, joiner, "without_detections", FrameJoiner::shownWithoutDetections);
    frames(registry, joiner, "evicted", FrameJoiner::evicted);
    frames(registry, joiner, "late", FrameJoiner::late);
    FunctionCounter.builder("gradstream.publisher.detections.unmatched", joiner, FrameJoiner::unmatchedDetections)
        .description("Explained frames whose frame never came while they were held").register(registry);
    FunctionCounter.builder("gradstream.publisher.messages.skipped", streams, PublisherStreams::garbage)
        .description("Messages on the frames or detections topic that did not parse").register(registry);
    FunctionCounter.builder("gradstream.publisher.detections.retried", streams, PublisherStreams::listenerFailures)
        .description("Explained frames read again because the alert engine could not handle them").register(registry);
    Timer glassToGlass = Timer.builder("gradstream.publisher.glass.to.glass")
        .description("From capture to the annotated frame going out of the publisher")
        .publishPercentileHistogram(true)
        .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    feed.subscribe(frame -> record(glassToGlass, frame, clock));
  }

  private static void frames(MeterRegistry registry, FrameJoiner joiner, String outcome, ToDoubleFunction<FrameJoiner> f) {
    FunctionCounter.builder("gradstream.publisher.frames", joiner, f).tag("outcome", outcome)
        .description("Frames through the join, by outcome: joined with their detections, shown without them after "
            + "the timeout, evicted from a full buffer, or late (a newer frame was already out)")
        .register(registry);
  }

  private static void record(Timer timer, LiveFrame frame, Clock clock) {
    long captured = frame.frame().getCaptureTimeUnixMicros();
    if (captured > 0) {
      long micros = TimeUnit.MILLISECONDS.toMicros(clock.millis()) - captured;
      timer.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }
  }
}

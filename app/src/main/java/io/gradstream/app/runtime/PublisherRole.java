package io.gradstream.app.runtime;

import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.publisher.alert.AlertEngine;
import io.gradstream.publisher.alert.AlertFeed;
import io.gradstream.publisher.alert.http.AlertRoutes;
import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.render.RenderOptions;
import io.gradstream.publisher.source.PublisherStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher role: frames joined with their detections into the live feed that the viewer and the
 * annotated streams serve, and every explained frame through the alert engine.
 */
final class PublisherRole implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublisherRole.class);

  private final LiveFeed feed;
  private final FrameJoiner joiner;
  private final PublisherStreams streams;
  private final AlertEngine alerts;

  private PublisherRole(LiveFeed feed, FrameJoiner joiner, PublisherStreams streams, AlertEngine alerts) {
    this.feed = feed;
    this.joiner = joiner;
    this.streams = streams;
    this.alerts = alerts;
  }

  /** Starts reading frames and detections and mounts the viewer and stream routes on {@code router}. */
  static PublisherRole start(GradstreamConfig config, String bootstrapServers, Vertx vertx, MeterRegistry meters,
      Router router, Clock clock) throws java.io.IOException {
    PublisherConfig publisher = config.publisher();
    RenderOptions streamOptions = new RenderOptions(publisher.render().heatmaps(), Set.of(),
        publisher.render().heatmapOpacity(), publisher.render().jpegQuality());
    LiveFeed feed = new LiveFeed(streamOptions, System::nanoTime);
    FrameJoiner joiner = new FrameJoiner(publisher.joinBufferFrames(), publisher.joinTimeoutMs(), System::nanoTime,
        feed::publish);
    var topics = config.kafka().topics();
    AlertEngine alerts = AlertEngine.start(publisher.alerts(), streamOptions, bootstrapServers, topics.alerts().name(),
        Map.of(), meters);
    AlertRoutes.mount(router, vertx, alerts, alerts.snapshots());
    PublisherStreams streams;
    try {
      streams = PublisherStreams.start(bootstrapServers, topics.frames().name(), topics.detections().name(),
          publisher.consumerGroup(), Map.of(), joiner, alerts);
    } catch (RuntimeException e) {
      alerts.close();
      throw e;
    }
    log.info("event=publisher-started group={}", publisher.consumerGroup());
    return new PublisherRole(feed, joiner, streams, alerts);
  }

  /** The live feed (for the demo and tests). */
  LiveFeed feed() {
    return feed;
  }

  /** Alerts as they are raised (for the viewer). */
  AlertFeed alerts() {
    return alerts;
  }

  /** Null when ready, else why not. */
  String notReadyReason() {
    return streams.healthy() ? null : "publisher's Kafka readers stopped (see the log)";
  }

  @Override
  public void close() throws Exception {
    try {
      streams.close();
    } finally {
      // After the reader: no frame is being handled while the Kafka producer closes.
      alerts.close();
    }
  }
}

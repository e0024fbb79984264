package io.gradstream.app.runtime;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.common.deadletter.DeadLetterWriter;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.publisher.alert.AlertEngine;
import io.gradstream.publisher.alert.AlertFeed;
import io.gradstream.publisher.alert.http.AlertRoutes;
import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.metrics.PublisherMetrics;
import io.gradstream.publisher.registry.CameraDirectory;
import io.gradstream.publisher.render.RenderOptions;
import io.gradstream.publisher.republish.StreamRepublisher;
import io.gradstream.publisher.source.PublisherStreams;
import io.gradstream.publisher.web.AlertFeedStream;
import io.gradstream.publisher.web.ViewerRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher role: frames joined with their detections into the live feed that the viewer and
 * the annotated streams serve, and every explained frame through the alert engine. Parts start in
 * data-flow order and stop in reverse, so no reader hands a frame to a part that is already closed.
 */
final class PublisherRole implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublisherRole.class);

  private final Deque<AutoCloseable> parts;
  private final LiveFeed feed;
  private final PublisherStreams streams;
  private final AlertEngine alerts;

  private PublisherRole(
      Deque<AutoCloseable> parts, LiveFeed feed, PublisherStreams streams, AlertEngine alerts) {
    this.parts = parts;
    this.feed = feed;
    this.streams = streams;
    this.alerts = alerts;
  }

  /**
   * Starts the alert engine, the viewer, the republish and the Kafka readers; mounts their routes
   * on {@code router}.
   */
  static PublisherRole start(
      GradstreamConfig config,
      KafkaConnection kafka,
      Vertx vertx,
      MeterRegistry meters,
      Router router,
      Clock clock)
      throws Exception {
    PublisherConfig publisher = config.publisher();
    var topics = config.kafka().topics();
    Deque<AutoCloseable> parts = new ArrayDeque<>();
    try {
      RenderOptions streamOptions =
          new RenderOptions(
              publisher.render().heatmaps(),
              Set.of(),
              publisher.render().heatmapOpacity(),
              publisher.render().jpegQuality());
      PublisherMetrics metrics = new PublisherMetrics(meters, clock);
      LiveFeed feed = new LiveFeed(streamOptions, System::nanoTime, metrics);
      AlertEngine alerts =
          AlertEngine.start(
              publisher.alerts(), streamOptions, kafka, topics.alerts().name(), meters);
      parts.push(alerts);
      AlertRoutes.mount(router, vertx, alerts, alerts.snapshots());

      // Closed last (pushed first after the engine): the readers that write dead letters stop
      // before it.
      DeadLetterWriter deadLetters =
          DeadLetterWriter.create(
              kafka,
              topics.deadLetter().name(),
              "gradstream-publisher-dead-letters",
              config.kafka().maxMessageBytes(),
              meters);
      parts.push(deadLetters);
      CameraDirectory cameras =
          CameraDirectory.start(kafka, topics.cameras().name(), deadLetters, meters);
      parts.push(cameras);
      new ViewerRoutes(vertx, feed, cameras, new AlertFeedStream(alerts), meters).mount(router);

      StreamRepublisher republisher =
          StreamRepublisher.startIfConfigured(publisher.republish(), feed);
      if (republisher != null) {
        parts.push(republisher);
      }
      if (!publisher.republish().hlsDir().isEmpty()) {
        String hls = Path.of(publisher.republish().hlsDir()).toAbsolutePath().toString();
        router
            .route("/hls/*")
            .handler(StaticHandler.create(FileSystemAccess.ROOT, hls).setCachingEnabled(false));
      }

      FrameJoiner joiner =
          new FrameJoiner(
              publisher.joinBufferFrames(),
              publisher.joinTimeoutMs(),
              System::nanoTime,
              feed::publish,
              metrics);
      PublisherStreams streams =
          PublisherStreams.start(
              kafka,
              topics.frames().name(),
              topics.detections().name(),
              publisher.consumerGroup(),
              java.time.Duration.ofMillis(publisher.firstStartLookbackMs()),
              joiner,
              alerts,
              deadLetters,
              meters);
      parts.push(streams);
      metrics.bind(joiner, streams);
      metrics.timeGlassToGlass(feed);
      log.info(
          "event=publisher-started group={} rtsp={} hls={}",
          publisher.consumerGroup(),
          CameraUrl.redact(publisher.republish().rtspUrl()),
          publisher.republish().hlsDir());
      return new PublisherRole(parts, feed, streams, alerts);
    } catch (Exception e) {
      closeAll(parts);
      throw e;
    }
  }

  /** The live feed (for the demo and tests). */
  LiveFeed feed() {
    return feed;
  }

  /** Alerts as they are raised. */
  AlertFeed alerts() {
    return alerts;
  }

  /** Null when ready, else why not. */
  String notReadyReason() {
    if (!streams.healthy()) {
      return "publisher's Kafka readers stopped (see the log)";
    }
    return streams.trouble();
  }

  @Override
  public void close() {
    closeAll(parts);
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        log.warn("event=publisher-stop-step-failed error=\"{}\"", e.toString());
      }
    }
  }
}

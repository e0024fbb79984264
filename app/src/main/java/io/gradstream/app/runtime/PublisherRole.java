package io.gradstream.app.runtime;

import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.registry.CameraDirectory;
import io.gradstream.publisher.render.RenderOptions;
import io.gradstream.publisher.source.DetectionsListener;
import io.gradstream.publisher.source.PublisherStreams;
import io.gradstream.publisher.web.AlertStream;
import io.gradstream.publisher.web.ViewerRoutes;
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
  private final CameraDirectory cameras;

  private PublisherRole(LiveFeed feed, FrameJoiner joiner, PublisherStreams streams, CameraDirectory cameras) {
    this.feed = feed;
    this.joiner = joiner;
    this.streams = streams;
    this.cameras = cameras;
  }

  /** Starts reading frames and detections and mounts the viewer and stream routes on {@code router}. */
  static PublisherRole start(GradstreamConfig config, String bootstrapServers, Vertx vertx, MeterRegistry meters,
      Router router, Clock clock) {
    PublisherConfig publisher = config.publisher();
    RenderOptions streamOptions = new RenderOptions(publisher.render().heatmaps(), Set.of(),
        publisher.render().heatmapOpacity(), publisher.render().jpegQuality());
    LiveFeed feed = new LiveFeed(streamOptions, System::nanoTime);
    FrameJoiner joiner = new FrameJoiner(publisher.joinBufferFrames(), publisher.joinTimeoutMs(), System::nanoTime,
        feed::publish);
    DetectionsListener alerts = (detections, frame) -> { };
    var topics = config.kafka().topics();
    PublisherStreams streams = PublisherStreams.start(bootstrapServers, topics.frames().name(), topics.detections().name(),
        publisher.consumerGroup(), Map.of(), joiner, alerts);
    // The viewer: live grid, camera pages, MJPEG. Alerts reach it once the alert engine feeds an AlertStream.
    CameraDirectory cameras = CameraDirectory.start(bootstrapServers, topics.cameras().name(), Map.of());
    new ViewerRoutes(vertx, feed, cameras, AlertStream.none(), meters).mount(router);
    log.info("event=publisher-started group={}", publisher.consumerGroup());
    return new PublisherRole(feed, joiner, streams, cameras);
  }

  /** The live feed (for the demo and tests). */
  LiveFeed feed() {
    return feed;
  }

  /** Null when ready, else why not. */
  String notReadyReason() {
    return streams.healthy() ? null : "publisher's Kafka readers stopped (see the log)";
  }

  @Override
  public void close() throws Exception {
    cameras.close();
    streams.close();
  }
}

package io.gradstream.ingest.camera;

import io.gradstream.common.config.IngestConfig;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.ingest.capture.CameraSettings;
import io.gradstream.ingest.capture.CameraStatus;
import io.gradstream.ingest.capture.CaptureLoop;
import io.gradstream.ingest.metrics.CameraMetrics;
import io.gradstream.ingest.registry.CameraRegistry;
import io.gradstream.ingest.sink.FrameSink;
import io.gradstream.ingest.source.FrameSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link CameraVerticle} deployed per registered camera: follows the registry, deploys
 * new cameras, redeploys changed ones, undeploys removed ones. Changes are applied one at a time on
 * one Vert.x context, so a quick add-remove-add cannot interleave.
 */
public final class CameraSupervisor implements CameraRegistry.Listener {
  private static final Logger log = LoggerFactory.getLogger(CameraSupervisor.class);

  private final Vertx vertx;
  private final Context context;
  private final IngestConfig defaults;
  private final FrameSink sink;
  private final MeterRegistry meters;
  private final Function<CameraSettings, FrameSource> sources;
  private final Clock clock;
  private final Map<String, Deployed> deployed = new HashMap<>(); // touched on `context` only
  private final Map<String, CameraStatus> statuses = new ConcurrentHashMap<>();
  private Future<Void> changes = Future.succeededFuture(); // on `context` only

  private record Deployed(
      CameraRegistration registration, CameraMetrics metrics, String deploymentId) {}

  /**
   * @param sources makes the frame source for a camera (FFmpeg in production)
   */
  public CameraSupervisor(
      Vertx vertx,
      IngestConfig defaults,
      FrameSink sink,
      MeterRegistry meters,
      Function<CameraSettings, FrameSource> sources,
      Clock clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.defaults = defaults;
    this.sink = sink;
    this.meters = meters;
    this.sources = sources;
    this.clock = clock;
  }

  @Override
  public void changed(String cameraId, CameraRegistration registration) {
    context.runOnContext(
        v -> changes = changes.transform(ignored -> reconcile(cameraId, registration)));
  }

  /** The live status of a camera this process ingests. */
  public Optional<CameraStatus> status(String cameraId) {
    return Optional.ofNullable(statuses.get(cameraId));
  }

  /** Stops every camera; completes when their capture threads have ended. */
  public Future<Void> stopAll() {
    return Future.<Void>future(
        p ->
            context.runOnContext(
                v -> {
                  changes =
                      changes.transform(
                          ignored ->
                              Future.join(
                                      List.copyOf(deployed.keySet()).stream()
                                          .map(this::undeploy)
                                          .toList())
                                  .mapEmpty());
                  changes.onComplete(p);
                }));
  }

  private Future<Void> reconcile(String cameraId, CameraRegistration registration) {
    Deployed current = deployed.get(cameraId);
    if (current != null && current.registration().equals(registration)) {
      return Future.succeededFuture();
    }
    Future<Void> stopped = current == null ? Future.succeededFuture() : undeploy(cameraId);
    return registration == null ? stopped : stopped.compose(v -> deploy(cameraId, registration));
  }

  private Future<Void> deploy(String cameraId, CameraRegistration registration) {
    CameraStatus status = new CameraStatus(cameraId, clock);
    statuses.put(cameraId, status);
    CameraMetrics metrics = CameraMetrics.bind(meters, status);
    CameraSettings settings;
    try {
      settings = CameraSettings.resolve(registration, defaults);
    } catch (IllegalArgumentException e) {
      // Registrations are checked before they are written, but the topic may hold one from
      // elsewhere.
      status.failed(e.getMessage());
      deployed.put(cameraId, new Deployed(registration, metrics, null));
      log.error("camera={} event=failed error=\"{}\"", cameraId, e.getMessage());
      return Future.succeededFuture();
    }
    CaptureLoop loop =
        new CaptureLoop(
            settings,
            () -> sources.apply(settings),
            sink,
            RetryPolicies.cameraReconnect(defaults.reconnect()),
            status,
            clock);
    return vertx
        .deployVerticle(new CameraVerticle(cameraId, loop))
        .onSuccess(id -> deployed.put(cameraId, new Deployed(registration, metrics, id)))
        .onFailure(
            e -> {
              metrics.close();
              statuses.remove(cameraId);
              log.error("camera={} event=deploy-failed", cameraId, e);
            })
        .mapEmpty();
  }

  private Future<Void> undeploy(String cameraId) {
    Deployed current = deployed.remove(cameraId);
    statuses.remove(cameraId);
    if (current == null) {
      return Future.succeededFuture();
    }
    current.metrics().close();
    if (current.deploymentId() == null) {
      return Future.succeededFuture();
    }
    return vertx
        .undeploy(current.deploymentId())
        .onFailure(
            e ->
                log.warn("camera={} event=undeploy-failed error=\"{}\"", cameraId, e.getMessage()));
  }
}

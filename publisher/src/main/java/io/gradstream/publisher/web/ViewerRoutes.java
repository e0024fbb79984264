package io.gradstream.publisher.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.live.LiveFrame;
import io.gradstream.publisher.registry.RegisteredCameras;
import io.gradstream.publisher.render.CorruptFrameException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's routes. They do no access checks of their own: the HTTP edge in the app ({@code
 * io.gradstream.app.http.AccessGuard}) stands before every one of them and asks for the access
 * token.
 *
 * <ul>
 *   <li>{@code GET /} redirects to {@code /viewer/}: the live grid of all cameras; {@code
 *       /viewer/camera.html?id=X} is one camera's page (static files from the classpath)
 *   <li>{@code GET /api/viewer/cameras}: every camera's status (registry plus live feed), URLs
 *       redacted
 *   <li>{@code GET /api/viewer/alerts?max=N}: the newest alerts, a JSON array; {@code GET
 *       /api/viewer/alerts/events}: new alerts as server-sent events
 *   <li>{@code GET /ws/cameras/{id}}: WebSocket of the camera's frames, one {@link FrameMessage}
 *       each
 *   <li>{@code GET /streams/{id}/mjpeg}: the annotated stream as MJPEG; {@code GET
 *       /streams/{id}/latest.jpg}: its newest annotated frame
 * </ul>
 *
 * An id that is neither registered nor streaming answers 404 with a sentence saying so.
 */
public final class ViewerRoutes {
  private static final Logger log = LoggerFactory.getLogger(ViewerRoutes.class);

  /** The static UI, on the classpath. */
  static final String WEBROOT = "io/gradstream/publisher/webroot";

  private static final int DEFAULT_ALERTS = 50;
  private static final int MAX_ALERTS = 500;
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final Vertx vertx;
  private final LiveFeed feed;
  private final RegisteredCameras directory;
  private final AlertStream alerts;
  private final ViewerMetrics metrics;

  /**
   * @param directory the registered cameras (a {@link
   *     io.gradstream.publisher.registry.CameraDirectory})
   * @param alerts the alert feed the pages show; {@link AlertStream#none()} without the alert
   *     engine
   */
  public ViewerRoutes(
      Vertx vertx,
      LiveFeed feed,
      RegisteredCameras directory,
      AlertStream alerts,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.feed = feed;
    this.directory = directory;
    this.alerts = alerts;
    this.metrics = new ViewerMetrics(meters);
  }

  /** Mounts the viewer's routes on {@code router}. */
  public void mount(Router router) {
    router.get("/").handler(ctx -> ctx.redirect("/viewer/"));
    router.get("/viewer/*").handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
    router.get("/api/viewer/cameras").handler(this::cameras);
    router.get("/api/viewer/alerts").handler(this::recentAlerts);
    router
        .get("/api/viewer/alerts/events")
        .handler(
            ctx -> AlertEvents.serve(ctx.response(), vertx, vertx.getOrCreateContext(), alerts));
    router.get("/ws/cameras/:camera").handler(this::socket);
    router.get("/streams/:camera/mjpeg").handler(this::mjpeg);
    router.get("/streams/:camera/latest.jpg").handler(this::latest);
  }

  private void cameras(RoutingContext ctx) {
    List<CameraRegistration> registered = directory.cameras();
    Map<String, Integer> detected = new HashMap<>();
    feed.activity()
        .keySet()
        .forEach(
            id ->
                feed.newest(id)
                    .ifPresent(
                        f ->
                            detected.put(
                                id,
                                f.detections() == null ? 0 : f.detections().getDetectionsCount())));
    List<CameraStatuses.Row> rows = CameraStatuses.of(registered, feed.activity(), detected);
    sendJson(ctx, Map.of("cameras", rows, "registry_healthy", directory.healthy()));
  }

  private void recentAlerts(RoutingContext ctx) {
    int max = DEFAULT_ALERTS;
    String asked = ctx.request().getParam("max");
    if (asked != null) {
      try {
        max = Math.clamp(Integer.parseInt(asked), 1, MAX_ALERTS);
      } catch (NumberFormatException e) {
        notFoundOrBad(ctx, 400, "max must be a whole number, e.g. ?max=50");
        return;
      }
    }
    // The strings are JSON objects already; joining them is the array.
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end("[" + String.join(",", alerts.recentJson(max)) + "]");
  }

  private void socket(RoutingContext ctx) {
    String camera = ctx.pathParam("camera");
    if (!known(camera)) {
      unknownCamera(ctx, camera);
      return;
    }
    var context = vertx.getOrCreateContext();
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> CameraSocket.serve(socket, context, camera, feed, metrics.sockets()))
        .onFailure(
            e ->
                log.warn(
                    "camera={} event=viewer-upgrade-failed error=\"{}\"", camera, e.toString()));
  }

  private void mjpeg(RoutingContext ctx) {
    String camera = ctx.pathParam("camera");
    if (!known(camera)) {
      unknownCamera(ctx, camera);
      return;
    }
    MjpegClient.serve(ctx.response(), vertx.getOrCreateContext(), camera, feed, metrics.mjpeg());
  }

  private void latest(RoutingContext ctx) {
    String camera = ctx.pathParam("camera");
    Optional<LiveFrame> newest = feed.newest(camera);
    if (newest.isEmpty()) {
      if (known(camera)) {
        ctx.response().putHeader("Retry-After", "1");
        notFoundOrBad(
            ctx, 503, "camera " + camera + " has sent no frame yet; try again in a moment");
      } else {
        unknownCamera(ctx, camera);
      }
      return;
    }
    vertx
        .executeBlocking(newest.get()::annotatedJpeg, false)
        .onSuccess(
            jpeg ->
                ctx.response()
                    .putHeader("Content-Type", "image/jpeg")
                    .putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(jpeg)))
        .onFailure(
            e -> {
              if (e instanceof CorruptFrameException) {
                notFoundOrBad(
                    ctx,
                    503,
                    "the newest frame of " + camera + " does not decode; try again in a moment");
              } else {
                ctx.fail(e);
              }
            });
  }

  private boolean known(String camera) {
    return directory.get(camera).isPresent() || feed.newest(camera).isPresent();
  }

  private void unknownCamera(RoutingContext ctx, String camera) {
    notFoundOrBad(
        ctx,
        404,
        "no camera '"
            + camera
            + "': it is not registered and sends no frames; "
            + "GET /api/viewer/cameras lists the cameras");
  }

  private static void notFoundOrBad(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status);
    sendJson(ctx, Map.of("error", message));
  }

  private static void sendJson(RoutingContext ctx, Object body) {
    try {
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    }
  }
}

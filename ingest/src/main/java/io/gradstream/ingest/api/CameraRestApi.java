package io.gradstream.ingest.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gradstream.common.camera.CameraRules;
import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.camera.FileRoots;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.ingest.camera.CameraSupervisor;
import io.gradstream.ingest.capture.CameraStatus;
import io.gradstream.ingest.registry.CameraRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera REST API (JSON, snake_case):
 *
 * <ul>
 *   <li>{@code GET /cameras}: every registered camera with its live status
 *   <li>{@code POST /cameras}: register a camera ({@code id}, {@code url}, optional {@code
 *       max_fps}, {@code jpeg_quality}, {@code loop}, {@code format}); 201, 400 with per-field
 *       problems, or 409
 *   <li>{@code GET /cameras/{id}}: one camera; 404 if unknown
 *   <li>{@code PUT /cameras/{id}}: register or replace a camera
 *   <li>{@code DELETE /cameras/{id}}: remove a camera; 204, or 404
 * </ul>
 *
 * URLs are returned with credentials redacted. Registry writes go to Kafka off the event loop. A
 * file source outside {@code ingest.file-roots} is refused with 400, its problem under {@code url}.
 */
public final class CameraRestApi {
  private static final Logger log = LoggerFactory.getLogger(CameraRestApi.class);
  private static final long WRITE_TIMEOUT_SECONDS = 20;

  private final Vertx vertx;
  private final CameraRegistry registry;
  private final CameraSupervisor supervisor;
  private final FileRoots fileRoots;
  private final Clock clock;
  private final int maxBodyBytes;
  private final ObjectMapper json =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * @param fileRoots where file sources may be ({@code ingest.file-roots}); others are refused with
   *     400
   * @param maxBodyBytes largest request body taken ({@code http.limits.max-body-bytes}); a larger
   *     one is answered 413 before any of it is parsed
   */
  public CameraRestApi(
      Vertx vertx,
      CameraRegistry registry,
      CameraSupervisor supervisor,
      FileRoots fileRoots,
      Clock clock,
      int maxBodyBytes) {
    this.vertx = vertx;
    this.registry = registry;
    this.supervisor = supervisor;
    this.fileRoots = fileRoots;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    // JSON only: no multipart upload is ever written to disk.
    router.route("/cameras*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.get("/cameras").handler(this::list);
    router.post("/cameras").handler(this::add);
    router.get("/cameras/:id").handler(this::get);
    router.put("/cameras/:id").handler(this::put);
    router.delete("/cameras/:id").handler(this::remove);
  }

  private void list(RoutingContext ctx) {
    respond(ctx, 200, registry.list().stream().map(this::view).toList());
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    registry.get(id).ifPresentOrElse(r -> respond(ctx, 200, view(r)), () -> notFound(ctx, id));
  }

  private void add(RoutingContext ctx) {
    CameraConfig request = parse(ctx);
    if (request == null || !valid(ctx, request)) {
      return;
    }
    if (registry.get(request.id()).isPresent()) {
      respond(
          ctx,
          409,
          ApiError.of(
              "camera '" + request.id() + "' is already registered",
              "Use PUT /cameras/" + request.id() + " to replace it, or DELETE it first."));
      return;
    }
    write(ctx, request, 201);
  }

  private void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    CameraConfig parsed = parse(ctx);
    if (parsed == null) {
      return;
    }
    CameraConfig request = parsed.id() == null ? parsed.withId(id) : parsed;
    if (!request.id().equals(id)) {
      respond(
          ctx,
          400,
          ApiError.of(
              "the body's id '" + request.id() + "' differs from the path's '" + id + "'",
              "Leave id out of the body, or make them equal."));
      return;
    }
    if (valid(ctx, request)) {
      write(ctx, request, registry.get(id).isPresent() ? 200 : 201);
    }
  }

  private void remove(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (registry.get(id).isEmpty()) {
      notFound(ctx, id);
      return;
    }
    registryWrite(() -> registry.remove(id))
        .onSuccess(
            v -> {
              log.info("camera={} event=camera-removed", id);
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private void write(RoutingContext ctx, CameraConfig request, int status) {
    CameraRegistration registration = request.toRegistration(clock.millis());
    registryWrite(() -> registry.put(registration))
        .onSuccess(
            v -> {
              log.info(
                  "camera={} event=camera-registered url={}",
                  registration.getId(),
                  CameraUrl.redact(registration.getUrl()));
              ctx.response().putHeader("Location", "/cameras/" + registration.getId());
              respond(ctx, status, view(registration));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  /**
   * Runs a registry write off the event loop: the Kafka producer may block while it looks up the
   * broker.
   */
  private Future<Void> registryWrite(Supplier<CompletableFuture<Void>> write) {
    return vertx
        .executeBlocking(() -> write.get().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS), false)
        .mapEmpty();
  }

  private CameraConfig parse(RoutingContext ctx) {
    String body = ctx.body().asString();
    if (body == null || body.isBlank()) {
      respond(
          ctx,
          400,
          ApiError.of(
              "the request has no body",
              "Send JSON like {\"id\":\"lobby\",\"url\":\"rtsp://host/stream\"}."));
      return null;
    }
    try {
      return json.readValue(body, CameraConfig.class);
    } catch (UnrecognizedPropertyException e) {
      respond(
          ctx,
          400,
          ApiError.of(
              "unknown field '" + e.getPropertyName() + "'",
              "Known fields: id, url, max_fps, jpeg_quality, loop, format."));
    } catch (JacksonException e) {
      respond(
          ctx,
          400,
          ApiError.of(
              "the body is not a valid camera: "
                  + e.getOriginalMessage().lines().findFirst().orElse(""),
              "Send JSON like {\"id\":\"lobby\",\"url\":\"rtsp://host/stream\",\"max_fps\":10}."));
    }
    return null;
  }

  private boolean valid(RoutingContext ctx, CameraConfig request) {
    List<CameraRules.Violation> violations =
        CameraRules.check(
            request.id(), request.url(), request.maxFps(), request.jpegQuality(), fileRoots);
    if (violations.isEmpty()) {
      return true;
    }
    List<ApiError.FieldProblem> problems =
        violations.stream()
            .map(v -> new ApiError.FieldProblem(v.field().replace('-', '_'), v.problem(), v.fix()))
            .toList();
    respond(
        ctx,
        400,
        new ApiError(
            "the camera is not valid", "Correct the fields listed in problems.", problems));
    return false;
  }

  private CameraView view(CameraRegistration registration) {
    return CameraView.of(
        registration,
        supervisor.status(registration.getId()).map(CameraStatus::snapshot).orElse(null));
  }

  private void notFound(RoutingContext ctx, String id) {
    respond(
        ctx,
        404,
        ApiError.of("no camera '" + id + "'", "GET /cameras lists the registered cameras."));
  }

  private void unavailable(RoutingContext ctx, Throwable e) {
    log.warn("event=camera-registry-write-failed error=\"{}\"", e.toString());
    String reason =
        e instanceof TimeoutException
            ? "no answer in " + WRITE_TIMEOUT_SECONDS + " s"
            : e.getMessage();
    respond(
        ctx,
        503,
        ApiError.of(
            "the camera registry could not be written: " + reason,
            "Check that Kafka is reachable (kafka.bootstrap-servers), then try again."));
  }

  private void respond(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(json.writeValueAsString(body));
    } catch (JacksonException e) {
      ctx.fail(e);
    }
  }
}

package io.gradstream.app.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operational endpoints every role serves: {@code /metrics} (Prometheus text format), {@code
 * /health} (the process is alive) and {@code /ready} (it can do its work: broker reachable,
 * registry restored). Scraping renders off the event loop, since a large registry takes a while.
 */
public final class OpsRoutes {
  private OpsRoutes() {}

  /**
   * @param readiness the reason the process is not ready yet, or null when it is
   */
  public static void mount(
      Router router, Vertx vertx, PrometheusMeterRegistry meters, Supplier<String> readiness) {
    router
        .get("/metrics")
        .handler(
            ctx ->
                vertx
                    .executeBlocking(meters::scrape, false)
                    .onSuccess(
                        text ->
                            ctx.response()
                                .putHeader(
                                    "Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(text))
                    .onFailure(ctx::fail));
    router.get("/health").handler(ctx -> ctx.json(Map.of("status", "up")));
    router
        .get("/ready")
        .handler(
            ctx -> {
              String notReady = readiness.get();
              if (notReady == null) {
                ctx.json(Map.of("status", "ready"));
              } else {
                ctx.response().setStatusCode(503);
                ctx.json(Map.of("status", "not ready", "reason", notReady));
              }
            });
  }
}

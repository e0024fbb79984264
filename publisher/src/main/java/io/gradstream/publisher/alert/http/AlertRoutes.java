package io.gradstream.publisher.alert.http;

import io.gradstream.publisher.alert.AlertFeed;
import io.gradstream.publisher.alert.AlertJson;
import io.gradstream.publisher.alert.snapshot.SnapshotStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The alert engine's HTTP API:
 *
 * <ul>
 *   <li>{@code GET /api/alerts?limit=N}: the most recent alerts, newest first, as a JSON array (N
 *       from 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}).
 *   <li>{@code GET /snapshots/<alert id>.jpg}: an alert's snapshot; 404 for any other name
 *       (strictly 64 hex digits, so no path can leave the snapshot directory). Files are read off
 *       the event loop.
 * </ul>
 */
public final class AlertRoutes {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private AlertRoutes() {}

  /** Mounts the routes on {@code router}. */
  public static void mount(Router router, Vertx vertx, AlertFeed feed, SnapshotStore snapshots) {
    router.get("/api/alerts").handler(ctx -> listAlerts(ctx, feed));
    router.get("/snapshots/:file").handler(ctx -> serveSnapshot(ctx, vertx, snapshots));
  }

  private static void listAlerts(RoutingContext ctx, AlertFeed feed) {
    String raw = ctx.queryParams().get("limit");
    int limit;
    try {
      limit = raw == null ? DEFAULT_LIMIT : Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      ctx.response()
          .setStatusCode(400)
          .putHeader("Content-Type", "application/json")
          .end("{\"error\":\"limit must be a whole number from 1 to " + MAX_LIMIT + "\"}");
      return;
    }
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(AlertJson.writeList(feed.recent(limit)));
  }

  private static void serveSnapshot(RoutingContext ctx, Vertx vertx, SnapshotStore snapshots) {
    String file = ctx.pathParam("file");
    if (!SnapshotStore.isSnapshotName(file)) {
      notFound(ctx);
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              Optional<Path> path = snapshots.find(file);
              return path.isPresent() ? Files.readAllBytes(path.get()) : null;
            },
            false)
        .onComplete(
            result -> {
              if (result.failed() || result.result() == null) {
                notFound(ctx);
                return;
              }
              // A snapshot never changes once written (its id names one episode).
              ctx.response()
                  .putHeader("Content-Type", "image/jpeg")
                  .putHeader("Cache-Control", "public, max-age=86400")
                  .end(io.vertx.core.buffer.Buffer.buffer(result.result()));
            });
  }

  private static void notFound(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(404)
        .putHeader("Content-Type", "application/json")
        .end("{\"error\":\"no such snapshot\"}");
  }
}

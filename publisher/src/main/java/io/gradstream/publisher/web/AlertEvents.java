package io.gradstream.publisher.web;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live alert feed as server-sent events: each new alert is one {@code data:} event holding its
 * JSON. Alerts are rare, so a client whose write queue is full (it stopped reading) misses alerts
 * rather than growing the queue; the page fetches the recent ones again when it reconnects.
 */
final class AlertEvents {
  private static final Logger log = LoggerFactory.getLogger(AlertEvents.class);

  /** A comment now and then keeps proxies from closing an idle stream. */
  private static final long KEEPALIVE_MS = 15_000;

  private AlertEvents() {}

  /** Streams new alerts into {@code response} until the client goes. Call on its event loop. */
  static void serve(HttpServerResponse response, Vertx vertx, Context context, AlertStream alerts) {
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store");
    response.write(": gradstream alerts\n\n");
    AutoCloseable subscription =
        alerts.subscribe(
            json ->
                context.runOnContext(
                    v -> {
                      if (!response.closed() && !response.writeQueueFull()) {
                        response.write(event(json));
                      }
                    }));
    long keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> response.write(": keepalive\n\n"));
    response.closeHandler(
        v -> {
          vertx.cancelTimer(keepalive);
          try {
            subscription.close();
          } catch (Exception e) {
            log.warn("event=alert-feed-unsubscribe-failed error=\"{}\"", e.toString());
          }
        });
  }

  /**
   * One event; line breaks in JSON are only whitespace, so flattening them keeps it one data line.
   */
  static String event(String json) {
    return "data: " + json.replace('\r', ' ').replace('\n', ' ') + "\n\n";
  }
}

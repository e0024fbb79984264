package io.gradstream.app.http;

import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.HttpLimitsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every gradstream HTTP server has in front of its routes: the access guard ({@code
 * http.auth.*}) and the size limits ({@code http.limits.*}). The one place that decides who gets in
 * and how much they may send.
 */
public final class HttpEdge {
  private static final Logger log = LoggerFactory.getLogger(HttpEdge.class);

  private HttpEdge() {}

  /**
   * Puts the access guard in front of every route of {@code router} (call before mounting any),
   * unless {@code http.auth.enabled} is false, which is warned about.
   *
   * @return the token clients must send, or null when none is asked for
   */
  public static AccessToken guard(Router router, HttpConfig http, MeterRegistry meters) {
    router.route().order(Integer.MIN_VALUE).handler(HttpEdge::refuseOversizedHeaders);
    if (!http.auth().enabled()) {
      log.warn(
          "event=http-auth-disabled host={} port={} message=\"http.auth.enabled is false: anyone who reaches this "
              + "port can change cameras and watch every stream; use this for a local demo only\"",
          http.host(),
          http.port());
      return null;
    }
    AccessToken token = AccessToken.resolve(http.auth());
    AccessGuard.install(router, token, http.auth().protectMetrics(), meters);
    log.info(
        "event=http-auth-enabled token-source={} metrics={}",
        token.generated()
            ? "generated"
            : http.auth().token().isEmpty() ? "http.auth.token-file" : "http.auth.token",
        http.auth().protectMetrics() ? "protected" : "open");
    return token;
  }

  /**
   * Netty stops reading headers at {@code http.limits.max-header-bytes} and hands on what it read,
   * marked as failed; such a request must not reach a route (its later headers, the token among
   * them, are gone).
   */
  private static void refuseOversizedHeaders(RoutingContext ctx) {
    var decoded = ctx.request().decoderResult();
    if (decoded != null && decoded.isFailure()) {
      boolean headers = decoded.cause() instanceof TooLongHttpHeaderException;
      ctx.response()
          .setStatusCode(headers ? 431 : 400)
          .putHeader("Content-Type", "application/json")
          .putHeader("Connection", "close")
          .end(
              headers
                  ? "{\"error\":\"the request headers are larger than http.limits.max-header-bytes\"}"
                  : "{\"error\":\"the request is not valid HTTP\"}");
      return;
    }
    ctx.next();
  }

  /**
   * The server options with the request-line, header and WebSocket limits. An inbound WebSocket
   * frame is at most the message limit (and never above Vert.x's 64 KiB default), so a client
   * cannot make the server buffer a large frame.
   */
  public static HttpServerOptions serverOptions(HttpConfig http) {
    HttpLimitsConfig limits = http.limits();
    return new HttpServerOptions()
        .setHost(http.host())
        .setPort(http.port())
        // HTTP/1.1 only: browsers never speak cleartext HTTP/2, and an h2c upgrade would bypass the
        // header limit.
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(limits.maxUrlLength())
        .setMaxHeaderSize(limits.maxHeaderBytes())
        .setMaxWebSocketMessageSize(limits.maxWebsocketMessageBytes())
        .setMaxWebSocketFrameSize(
            Math.min(
                limits.maxWebsocketMessageBytes(),
                HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE));
  }
}

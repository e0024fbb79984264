package io.gradstream.app.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gate in front of every route but the probes: a request passes with the access token as {@code
 * Authorization: Bearer <token>}, as the {@value #COOKIE} cookie, or as {@code ?token=}. A page
 * opened with {@code ?token=} is answered with an HttpOnly, SameSite=Strict cookie and a redirect
 * to the same URL without the token, so the token leaves the address bar and history and the page's
 * WebSocket, event stream and images carry the cookie. Anything else is answered 401 with a JSON
 * body saying how to get in, and nothing of the route behind is run.
 */
public final class AccessGuard implements Handler<RoutingContext> {
  /** The cookie a browser keeps the token in. */
  public static final String COOKIE = "gradstream_token";

  static final String QUERY_PARAMETER = "token";
  private static final String BEARER = "Bearer ";
  private static final Set<String> PROBES = Set.of("/health", "/ready");
  private static final String METRICS = "/metrics";

  private final AccessToken token;
  private final boolean protectMetrics;
  private final Counter missing;
  private final Counter wrong;

  private AccessGuard(AccessToken token, boolean protectMetrics, MeterRegistry meters) {
    this.token = token;
    this.protectMetrics = protectMetrics;
    this.missing = refused(meters, "missing");
    this.wrong = refused(meters, "wrong");
  }

  private static Counter refused(MeterRegistry meters, String reason) {
    return Counter.builder("gradstream.http.unauthorized")
        .tag("reason", reason)
        .description("Requests refused 401: without the access token (missing) or with a wrong one")
        .register(meters);
  }

  /**
   * Installs the guard as the first handler of {@code router}; call it before any route is mounted,
   * so it runs before every one of them.
   */
  public static void install(
      Router router, AccessToken token, boolean protectMetrics, MeterRegistry meters) {
    router
        .route()
        .order(Integer.MIN_VALUE + 1)
        .handler(new AccessGuard(token, protectMetrics, meters));
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (PROBES.contains(path) || (!protectMetrics && METRICS.equals(path))) {
      ctx.next();
      return;
    }
    String fromQuery = ctx.request().getParam(QUERY_PARAMETER);
    if (fromQuery != null) {
      if (!token.matches(fromQuery)) {
        refuse(ctx, wrong, "the access token in ?token= is wrong");
      } else if (isPageLoad(ctx)) {
        keepInCookie(ctx);
      } else {
        ctx.next();
      }
      return;
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      if (token.matches(authorization.substring(BEARER.length()).strip())) {
        ctx.next();
      } else {
        refuse(ctx, wrong, "the bearer token is wrong");
      }
      return;
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null) {
      if (token.matches(cookie.getValue())) {
        ctx.next();
      } else {
        refuse(
            ctx,
            wrong,
            "the access token in the " + COOKIE + " cookie is wrong (the server's token changed?)");
      }
      return;
    }
    refuse(ctx, missing, "this needs gradstream's access token");
  }

  /** A browser's GET, not a WebSocket upgrade (a redirect cannot answer an upgrade). */
  private static boolean isPageLoad(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return (method == HttpMethod.GET || method == HttpMethod.HEAD)
        && !"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE));
  }

  private void keepInCookie(RoutingContext ctx) {
    ctx.response()
        .addCookie(
            Cookie.cookie(COOKIE, token.value())
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL()));
    ctx.response()
        .setStatusCode(303)
        .putHeader(HttpHeaders.LOCATION, withoutToken(ctx))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end();
  }

  /** The request's path and query, less every token parameter, as given (no re-encoding). */
  static String withoutToken(RoutingContext ctx) {
    String query = ctx.request().query();
    String rest =
        query == null
            ? ""
            : Arrays.stream(query.split("&"))
                .filter(p -> !p.equals(QUERY_PARAMETER) && !p.startsWith(QUERY_PARAMETER + "="))
                .collect(Collectors.joining("&"));
    return ctx.request().path() + (rest.isEmpty() ? "" : "?" + rest);
  }

  private static void refuse(RoutingContext ctx, Counter counter, String problem) {
    counter.increment();
    String body =
        "{\"error\":\""
            + problem
            + "\",\"fix\":\"Send the header 'Authorization: Bearer <token>', or open "
            + "/?token=<token> once in a browser. The token is http.auth.token (GRADSTREAM_HTTP_AUTH_TOKEN) or the file "
            + "http.auth.token-file; when neither is set, gradstream run printed a generated one at start.\"}";
    ctx.response()
        .setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"gradstream\"")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }
}

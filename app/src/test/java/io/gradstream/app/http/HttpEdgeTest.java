package io.gradstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.HttpAuthConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.HttpLimitsConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge on a real Vert.x server with real HTTP and WebSocket clients: the guard in front of
 * a route of each kind the roles serve (camera API, viewer API, pages, event stream, WebSocket,
 * MJPEG, latest.jpg, HLS, snapshots), the real operational routes beside them, and the server's
 * size limits.
 */
@Timeout(60)
class HttpEdgeTest {
  private static final String TOKEN = "test-token-0123456789abcdef";

  /**
   * One path of each protected kind; each stub answers 200 "served" so a 401 proves the guard
   * stopped it.
   */
  private static final List<String> PROTECTED =
      List.of(
          "/cameras",
          "/cameras/door",
          "/api/viewer/cameras",
          "/api/viewer/alerts/events",
          "/api/alerts",
          "/viewer/index.html",
          "/",
          "/streams/door/mjpeg",
          "/streams/door/latest.jpg",
          "/hls/door/index.m3u8",
          "/snapshots/" + "a".repeat(64) + ".jpg",
          "/no/such/route");

  private final Vertx vertx = Vertx.vertx();
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private HttpServer server;
  private String base;

  @AfterEach
  void stop() throws Exception {
    http.shutdownNow(); // close() would wait for the sockets the tests leave open
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyProtectedKindOfRouteAnswers401WithAJsonFixAndServesNothingWithoutTheToken()
      throws Exception {
    start(
        new HttpConfig("127.0.0.1", 0, HttpAuthConfig.withToken(TOKEN), HttpLimitsConfig.DEFAULTS));
    for (String path : PROTECTED) {
      HttpResponse<String> response = get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.body())
          .as(path)
          .doesNotContain("served")
          .contains("\"error\"")
          .contains("Authorization: Bearer <token>")
          .contains("GRADSTREAM_HTTP_AUTH_TOKEN");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as(path)
          .hasValue("Bearer realm=\"gradstream\"");
    }
    assertThatThrownBy(() -> webSocket("/ws/cameras/door", null)).hasRootCauseMessage("401");
    assertThat(
            meters.get("gradstream.http.unauthorized").tag("reason", "missing").counter().count())
        .isEqualTo(PROTECTED.size() + 1);
  }

  @Test
  void theBearerTokenOpensEveryProtectedRouteAndTheWebSocket() throws Exception {
    start(
        new HttpConfig("127.0.0.1", 0, HttpAuthConfig.withToken(TOKEN), HttpLimitsConfig.DEFAULTS));
    for (String path : PROTECTED.subList(0, PROTECTED.size() - 1)) {
      HttpResponse<String> response = get(path, "Bearer " + TOKEN);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).isEqualTo("served " + path);
    }
    assertThat(
            webSocket("/ws/cameras/door", "Authorization", "Bearer " + TOKEN)
                .get(5, TimeUnit.SECONDS))
        .isEqualTo("frame of door");
  }

  @Test
  void aWrongTokenIsRefusedWhereverItIsSent() throws Exception {
    start(
        new HttpConfig("127.0.0.1", 0, HttpAuthConfig.withToken(TOKEN), HttpLimitsConfig.DEFAULTS));
    String wrong = TOKEN.substring(0, TOKEN.length() - 1) + "X";
    assertThat(get("/cameras", "Bearer " + wrong).statusCode()).isEqualTo(401);
    assertThat(get("/cameras?token=" + wrong, null).statusCode()).isEqualTo(401);
    assertThat(
            send(HttpRequest.newBuilder(URI.create(base + "/cameras"))
                    .header("Cookie", AccessGuard.COOKIE + "=" + wrong))
                .statusCode())
        .isEqualTo(401);
    assertThat(get("/cameras", "Basic " + TOKEN).statusCode())
        .as("not a bearer header")
        .isEqualTo(401);
    assertThatThrownBy(() -> webSocket("/ws/cameras/door", "Authorization", "Bearer " + wrong))
        .hasRootCauseMessage("401");
    assertThat(meters.get("gradstream.http.unauthorized").tag("reason", "wrong").counter().count())
        .isEqualTo(4);
  }

  @Test
  void
      aPageOpenedWithTheTokenSetsAStrictHttpOnlyCookieRedirectsWithoutItAndTheCookieOpensTheWebSocket()
          throws Exception {
    start(
        new HttpConfig("127.0.0.1", 0, HttpAuthConfig.withToken(TOKEN), HttpLimitsConfig.DEFAULTS));
    HttpResponse<String> landing = get("/viewer/camera.html?id=door&token=" + TOKEN, null);

    assertThat(landing.statusCode()).isEqualTo(303);
    assertThat(landing.headers().firstValue("Location")).hasValue("/viewer/camera.html?id=door");
    String setCookie = landing.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith(AccessGuard.COOKIE + "=" + TOKEN + ";")
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse<String> page =
        send(
            HttpRequest.newBuilder(URI.create(base + "/viewer/camera.html?id=door"))
                .header("Cookie", cookie));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(
            send(HttpRequest.newBuilder(URI.create(base + "/api/viewer/alerts/events"))
                    .header("Cookie", cookie))
                .statusCode())
        .isEqualTo(200);
    assertThat(webSocket("/ws/cameras/door", "Cookie", cookie).get(5, TimeUnit.SECONDS))
        .isEqualTo("frame of door");
  }

  @Test
  void probesStayOpenAndMetricsIsOpenUnlessProtected() throws Exception {
    start(
        new HttpConfig("127.0.0.1", 0, HttpAuthConfig.withToken(TOKEN), HttpLimitsConfig.DEFAULTS));
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/ready", null).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

    start(
        new HttpConfig(
            "127.0.0.1", 0, new HttpAuthConfig(true, TOKEN, "", true), HttpLimitsConfig.DEFAULTS));
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Bearer " + TOKEN).body())
        .contains("gradstream_http_unauthorized_total");
  }

  @Test
  void withAuthTurnedOffEverythingIsServedAndAWarningSaysSo() throws Exception {
    Logger edgeLog = (Logger) LoggerFactory.getLogger(HttpEdge.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    edgeLog.addAppender(logged);
    try {
      start(new HttpConfig("127.0.0.1", 0, HttpAuthConfig.disabled(), HttpLimitsConfig.DEFAULTS));
    } finally {
      edgeLog.detachAppender(logged);
    }
    assertThat(get("/cameras", null).statusCode()).isEqualTo(200);
    assertThat(webSocket("/ws/cameras/door", null).get(5, TimeUnit.SECONDS))
        .isEqualTo("frame of door");
    assertThat(logged.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains("http.auth.enabled is false")
                  .contains("local demo only");
            });
  }

  @Test
  void aGeneratedTokenIsLongRandomAndNeverInTheLog() throws Exception {
    Logger edgeLog = (Logger) LoggerFactory.getLogger(HttpEdge.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    edgeLog.addAppender(logged);
    AccessToken token;
    try {
      token = start(new HttpConfig("127.0.0.1", 0));
    } finally {
      edgeLog.detachAppender(logged);
    }
    assertThat(token.generated()).isTrue();
    assertThat(token.value())
        .hasSizeGreaterThanOrEqualTo(43)
        .isNotEqualTo(AccessToken.resolve(HttpAuthConfig.GENERATED_TOKEN).value());
    assertThat(token.toString()).doesNotContain(token.value());
    assertThat(logged.list)
        .isNotEmpty()
        .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(token.value()));
    assertThat(get("/cameras", "Bearer " + token.value()).statusCode()).isEqualTo(200);
  }

  @Test
  void theTokenFileIsReadStrippedAndATooShortOneIsAnErrorNamingTheKey(@TempDir Path dir)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    AccessToken token = AccessToken.resolve(new HttpAuthConfig(true, "", secret.toString(), false));
    assertThat(token.value()).isEqualTo(TOKEN);
    assertThat(token.matches(TOKEN)).isTrue();

    Path weak = Files.writeString(dir.resolve("weak"), "short\n");
    assertThatThrownBy(
            () -> AccessToken.resolve(new HttpAuthConfig(true, "", weak.toString(), false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.auth.token-file");
  }

  @Test
  void anOversizedUrlOrHeaderIsRefusedAndTheServerGoesOn() throws Exception {
    start(
        new HttpConfig(
            "127.0.0.1",
            0,
            HttpAuthConfig.withToken(TOKEN),
            new HttpLimitsConfig(65_536, 65_536, 2_048, 512)));
    HttpResponse<String> bigHeaders =
        send(
            HttpRequest.newBuilder(URI.create(base + "/cameras"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Big", "b".repeat(3_000)));
    assertThat(bigHeaders.statusCode()).as(bigHeaders.body()).isEqualTo(431);
    assertThat(get("/cameras?x=" + "a".repeat(600), "Bearer " + TOKEN).statusCode()).isEqualTo(414);
    assertThat(get("/cameras", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void anOversizedWebSocketMessageClosesThatSocketOnlyAndTheServerGoesOn() throws Exception {
    start(
        new HttpConfig(
            "127.0.0.1",
            0,
            HttpAuthConfig.withToken(TOKEN),
            new HttpLimitsConfig(65_536, 4_096, 8_192, 4_096)));
    CompletableFuture<Integer> smallClosed = new CompletableFuture<>();
    openSocket(smallClosed).sendBinary(ByteBuffer.wrap(new byte[3_000]), true);
    CompletableFuture<Integer> bigClosed = new CompletableFuture<>();
    openSocket(bigClosed).sendBinary(ByteBuffer.wrap(new byte[10_000]), true);

    assertThat(bigClosed.get(10, TimeUnit.SECONDS))
        .as("close status, -1 for a dropped connection")
        .isNotNull();
    assertThat(smallClosed).as("a socket whose message is within the limit stays open").isNotDone();
    assertThat(
            webSocket("/ws/cameras/door", "Authorization", "Bearer " + TOKEN)
                .get(5, TimeUnit.SECONDS))
        .isEqualTo("frame of door");
  }

  private WebSocket openSocket(CompletableFuture<Integer> closedWith) throws Exception {
    return http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + TOKEN)
        .buildAsync(
            URI.create(base.replace("http", "ws") + "/ws/cameras/door"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closedWith.complete(statusCode);
                return null;
              }

              @Override
              public void onError(WebSocket ws, Throwable error) {
                closedWith.complete(-1);
              }
            })
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void theDefaultsBindToLoopbackSpeakHttp1OnlyAndAskForAToken() {
    HttpConfig defaults =
        new io.gradstream.common.config.ConfigLoader(java.util.Map.of()).load(null).http();
    var options = HttpEdge.serverOptions(defaults);
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.isHttp2ClearTextEnabled()).isFalse();
    assertThat(options.getMaxWebSocketMessageSize()).isEqualTo(65_536);
    assertThat(defaults.auth().enabled()).isTrue();
  }

  private AccessToken start(HttpConfig config) throws Exception {
    Router router = Router.router(vertx);
    AccessToken token = HttpEdge.guard(router, config, meters);
    OpsRoutes.mount(router, vertx, meters, () -> null);
    router
        .get("/ws/cameras/:camera")
        .handler(
            ctx ->
                ctx.request()
                    .toWebSocket()
                    .onSuccess(
                        ws -> {
                          ws.handler(ignored -> {});
                          ws.writeTextMessage("frame of " + ctx.pathParam("camera"));
                        }));
    router.route().handler(ctx -> ctx.response().end("served " + ctx.normalizedPath()));
    server =
        vertx
            .createHttpServer(HttpEdge.serverOptions(config))
            .requestHandler(router)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
    return token;
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    // Reads the head only for the event stream, which never ends.
    return http.sendAsync(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        .get(10, TimeUnit.SECONDS);
  }

  /**
   * The first text message of a WebSocket at {@code path}; fails with the HTTP status when the
   * upgrade is refused.
   */
  private CompletableFuture<String> webSocket(String path, String header, String value) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (header != null) {
      builder.header(header, value);
    }
    CompletableFuture<String> first = new CompletableFuture<>();
    try {
      builder
          .buildAsync(
              URI.create(base.replace("http", "ws") + path),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                  first.complete(data.toString());
                  return null;
                }
              })
          .join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
        throw new IllegalStateException(
            new IllegalStateException(Integer.toString(refused.getResponse().statusCode())));
      }
      throw e;
    }
    return first;
  }

  private CompletableFuture<String> webSocket(String path, String unused) {
    return webSocket(path, null, null);
  }
}

package io.gradstream.publisher.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.WebhookConfig;
import io.gradstream.common.config.WebhookTargetsConfig;
import io.gradstream.common.net.WebhookTargetPolicy;
import io.gradstream.publisher.alert.AlertEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries to a real HTTP server that answers as told. */
class WebhookDispatcherTest {
  private static final String SECRET = "hook-secret";
  private static final AlertEvent EVENT =
      new AlertEvent(
          "ab".repeat(32),
          "wrong-reasons",
          "yard",
          "s1",
          7,
          42,
          40,
          "2025-10-09T08:53:24.200Z",
          1_760_000_004_200_000L,
          "yolov5s",
          new AlertEvent.DetectionSummary("dog", 16, 0.9f, new AlertEvent.BoxSummary(1, 2, 3, 4)),
          new AlertEvent.QualitySummary(0.1f, 0.4f, 0.0f),
          "why",
          null);

  /** One request as the server got it. */
  record Received(String path, String signature, String alertId, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private HttpServer server;
  private WebhookDispatcher dispatcher;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stop() {
    if (dispatcher != null) dispatcher.close();
    server.stop(0);
  }

  /**
   * Serves {@code path}, answering the n-th request (from 0) with {@code statuses[min(n, last)]}.
   */
  private void answer(String path, int... statuses) {
    AtomicInteger n = new AtomicInteger();
    server.createContext(
        path,
        exchange -> {
          record(path, exchange);
          int status = statuses[Math.min(n.getAndIncrement(), statuses.length - 1)];
          if (status == 302) {
            exchange.getResponseHeaders().add("Location", url("/elsewhere"));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
  }

  private void record(String path, HttpExchange exchange) throws IOException {
    received.add(
        new Received(
            path,
            exchange.getRequestHeaders().getFirst(WebhookSigner.HEADER),
            exchange.getRequestHeaders().getFirst(WebhookDispatcher.ALERT_ID_HEADER),
            exchange.getRequestBody().readAllBytes()));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A dispatcher allowed to call the test's receiver on 127.0.0.1, as a local receiver must be. */
  private WebhookDispatcher dispatcher(WebhookConfig... hooks) {
    return dispatcher(
        WebhookTargetsConfig.PUBLIC_ONLY.allowingPrivate(),
        WebhookTargetPolicy::systemResolve,
        hooks);
  }

  private WebhookDispatcher dispatcher(
      WebhookTargetsConfig targets, WebhookTargetPolicy.Resolver dns, WebhookConfig... hooks) {
    dispatcher =
        new WebhookDispatcher(
            List.of(hooks), new BackoffConfig(50, 500, 2.0, 0.2), targets, dns, meters);
    return dispatcher;
  }

  private double outcome(String tag) {
    return meters.get("gradstream.webhook.deliveries").tag("outcome", tag).counter().count();
  }

  private List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Test
  void aWebhookFailingTwiceIsRetriedAndDeliveredOnceSigned() {
    answer("/flaky", 500, 500, 200);
    dispatcher(new WebhookConfig(url("/flaky"), SECRET, 2_000L, 5)).dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("delivered") == 1);
    assertThat(at("/flaky"))
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(WebhookSigner.verify(r.body(), SECRET, r.signature())).isTrue();
              assertThat(r.alertId()).isEqualTo(EVENT.id());
              assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                  .isEqualTo(EVENT.toJson());
            });
    assertThat(
            meters
                .get("gradstream.webhook.attempt.failures")
                .tag("reason", "status")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    answer("/bad", 400);
    dispatcher(new WebhookConfig(url("/bad"), SECRET, 2_000L, 5)).dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("rejected") == 1);
    // Longer than the first retry would wait: none may come.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> at("/bad").size() == 1);
  }

  @Test
  void aRedirectIsNotFollowed() {
    answer("/moved", 302);
    answer("/elsewhere", 200);
    dispatcher(new WebhookConfig(url("/moved"), SECRET, 2_000L, 5)).dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("rejected") == 1);
    assertThat(at("/elsewhere")).isEmpty();
  }

  @Test
  void aWebhookThatKeepsFailingIsGivenUpAfterMaxAttempts() {
    answer("/down", 503);
    dispatcher(new WebhookConfig(url("/down"), SECRET, 2_000L, 3)).dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("gave-up") == 1);
    assertThat(at("/down")).hasSize(3);
    assertThat(outcome("delivered")).isZero();
  }

  @Test
  void anAttemptThatTimesOutIsRetried() {
    AtomicInteger n = new AtomicInteger();
    server.createContext(
        "/slow",
        exchange -> {
          record("/slow", exchange);
          if (n.getAndIncrement() == 0) {
            try {
              Thread.sleep(2_000); // past the 300 ms attempt timeout
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    dispatcher(new WebhookConfig(url("/slow"), SECRET, 300L, 3)).dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("delivered") == 1);
    assertThat(
            meters
                .get("gradstream.webhook.attempt.failures")
                .tag("reason", "timeout")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void withoutASecretNoSignatureIsSent() {
    answer("/plain", 200);
    dispatcher(new WebhookConfig(url("/plain"), "", 2_000L, 1)).dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("delivered") == 1);
    assertThat(at("/plain")).singleElement().satisfies(r -> assertThat(r.signature()).isNull());
  }

  @Test
  void aTargetOnALoopbackAddressIsRefusedAtDeliveryWhenPrivateTargetsAreNotAllowed()
      throws Exception {
    answer("/local", 200);
    dispatcher(
            WebhookTargetsConfig.PUBLIC_ONLY,
            WebhookTargetPolicy::systemResolve,
            new WebhookConfig(url("/local"), SECRET, 2_000L, 5))
        .dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("refused") == 1);
    // Longer than the first retry would wait: a refusal is final, nothing is sent to the target.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> at("/local").isEmpty() && outcome("refused") == 1);
    assertThat(outcome("delivered") + outcome("gave-up") + outcome("rejected")).isZero();
  }

  @Test
  void aNameWhoseDnsAnswerTurnsPrivateAfterTheConfigCheckIsRefusedOnTheNextAttempt() {
    // The name first answers with a public address (as when the configuration was checked): that
    // attempt is
    // made and fails (nothing listens there for a test), then the answer turns to loopback, where
    // the
    // receiver waits, and the retry is refused instead of sent. The answers stand in for a DNS
    // server.
    answer("/rebind", 200);
    AtomicInteger lookups = new AtomicInteger();
    WebhookTargetPolicy.Resolver rebinding =
        host ->
            List.of(
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "192.0.2.1" : "127.0.0.1"));
    String url = "http://rebind.test:" + server.getAddress().getPort() + "/rebind";
    dispatcher(WebhookTargetsConfig.PUBLIC_ONLY, rebinding, new WebhookConfig(url, SECRET, 300L, 5))
        .dispatch(EVENT);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome("refused") == 1);
    assertThat(lookups.get()).isEqualTo(2);
    assertThat(at("/rebind")).isEmpty();
    assertThat(
            meters
                    .get("gradstream.webhook.attempt.failures")
                    .tag("reason", "network")
                    .counter()
                    .count()
                + meters
                    .get("gradstream.webhook.attempt.failures")
                    .tag("reason", "timeout")
                    .counter()
                    .count())
        .isEqualTo(1);
  }

  @Test
  void aRefusedTargetIsLoggedWithTheAddressAndTheFixButWithoutCredentialsOrSecret() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WebhookDispatcher.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      String url =
          "http://ops:pw123@127.0.0.1:" + server.getAddress().getPort() + "/local?token=tok456";
      dispatcher(
              WebhookTargetsConfig.PUBLIC_ONLY,
              WebhookTargetPolicy::systemResolve,
              new WebhookConfig(url, SECRET, 2_000L, 5))
          .dispatch(EVENT);
      await().atMost(Duration.ofSeconds(20)).until(() -> outcome("refused") == 1);

      assertThat(logs.list)
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("outcome=refused")
                      .contains("127.0.0.1")
                      .contains("loopback")
                      .contains("publisher.alerts.webhook-targets.allow-private"))
          .allSatisfy(
              line ->
                  assertThat(line)
                      .doesNotContain("pw123")
                      .doesNotContain("tok456")
                      .doesNotContain(SECRET));
    } finally {
      logger.detachAppender(logs);
    }
  }
}

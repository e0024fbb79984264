package io.gradstream.publisher.alert.webhook;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.WebhookConfig;
import io.gradstream.common.config.WebhookTargetsConfig;
import io.gradstream.common.net.WebhookTargetPolicy;
import io.gradstream.common.retry.HttpFailure;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.publisher.alert.AlertEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs every alert to every configured webhook, asynchronously: {@link #dispatch} only schedules,
 * so the detections thread never waits on a receiver. Each attempt has its own timeout; 5xx, 408,
 * 429, timeouts and network errors are retried with capped exponential backoff up to the webhook's
 * max-attempts; other answers are final. Redirects are not followed (a signed alert goes where it
 * was configured to, or nowhere). Before every attempt the target's host is resolved and checked
 * against {@code publisher.alerts.webhook-targets} ({@link WebhookTargetPolicy}): the configuration
 * was checked at load, but a name's DNS answer can change since, so a target now resolving to a
 * non-public address is refused (outcome {@code refused}, not retried). The HTTP client resolves
 * the name again right after, normally from the JVM's address cache (30 s by default), so the
 * window for a DNS answer to change in between is that cache's expiry at that very moment. A
 * delivery ends with one {@link WebhookOutcome}, counted in {@code
 * gradstream_webhook_deliveries_total{outcome}}; failed attempts in {@code
 * gradstream_webhook_attempt_failures_total{reason}}. Logs name a webhook by its index and redacted
 * URL, never its secret.
 */
public final class WebhookDispatcher implements AutoCloseable {
  /** The header carrying the alert id, so receivers can drop repeats without parsing the body. */
  public static final String ALERT_ID_HEADER = "X-Gradstream-Alert-Id";

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final List<Target> targets;
  private final WebhookTargetPolicy policy;
  private final WebhookTargetPolicy.Resolver resolver;
  private final HttpClient http;
  private final ScheduledExecutorService retries;
  private final Map<WebhookOutcome, Counter> outcomes = new EnumMap<>(WebhookOutcome.class);
  private final Map<String, Counter> attemptFailures;
  private volatile boolean closed;

  private record Target(
      int index,
      URI uri,
      String shownUrl,
      String secret,
      Duration timeout,
      RetryPolicy<HttpFailure> retry) {}

  /**
   * @param webhooks the configured webhooks (validated: http(s) URLs)
   * @param retry the waits between attempts
   * @param allowedTargets which targets may be called; checked again before every attempt
   */
  public WebhookDispatcher(
      List<WebhookConfig> webhooks,
      BackoffConfig retry,
      WebhookTargetsConfig allowedTargets,
      MeterRegistry meters) {
    this(webhooks, retry, allowedTargets, WebhookTargetPolicy::systemResolve, meters);
  }

  /** A dispatcher looking target hosts up with {@code resolver} (the system's in production). */
  WebhookDispatcher(
      List<WebhookConfig> webhooks,
      BackoffConfig retry,
      WebhookTargetsConfig allowedTargets,
      WebhookTargetPolicy.Resolver resolver,
      MeterRegistry meters) {
    this.policy = new WebhookTargetPolicy(allowedTargets);
    this.resolver = resolver;
    this.targets = new java.util.ArrayList<>();
    for (int i = 0; i < webhooks.size(); i++) {
      WebhookConfig w = webhooks.get(i);
      targets.add(
          new Target(
              i,
              URI.create(w.url()),
              CameraUrl.redact(w.url()),
              w.secret(),
              Duration.ofMillis(w.timeoutMs()),
              RetryPolicies.webhookDelivery(retry, w.maxAttempts())));
    }
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(
                Duration.ofMillis(
                    webhooks.stream().mapToLong(WebhookConfig::timeoutMs).max().orElse(5_000)))
            .build();
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gradstream-webhook-retries");
              t.setDaemon(true);
              return t;
            });
    for (WebhookOutcome outcome : WebhookOutcome.values()) {
      outcomes.put(
          outcome,
          Counter.builder("gradstream.webhook.deliveries")
              .tag("outcome", outcome.tag())
              .description("Alert deliveries to webhooks, by how they ended")
              .register(meters));
    }
    this.attemptFailures =
        Map.of(
            "status", attemptFailureCounter(meters, "status"),
            "timeout", attemptFailureCounter(meters, "timeout"),
            "network", attemptFailureCounter(meters, "network"));
  }

  private static Counter attemptFailureCounter(MeterRegistry meters, String reason) {
    return Counter.builder("gradstream.webhook.attempt.failures")
        .tag("reason", reason)
        .description("Webhook attempts that failed (each may be retried)")
        .register(meters);
  }

  /** Schedules {@code event}'s delivery to every webhook and returns at once. */
  public void dispatch(AlertEvent event) {
    if (targets.isEmpty() || closed) {
      return;
    }
    byte[] body = event.toJson().getBytes(StandardCharsets.UTF_8);
    for (Target target : targets) {
      // On the webhook thread, not the caller's: the target check resolves the host, which may
      // block.
      try {
        retries.execute(() -> attempt(target, event.id(), body, 1));
      } catch (RejectedExecutionException e) {
        finish(target, event.id(), WebhookOutcome.ABANDONED, 0, "publisher stopping");
      }
    }
  }

  private void attempt(Target target, String alertId, byte[] body, int attempt) {
    if (closed) {
      finish(target, alertId, WebhookOutcome.ABANDONED, attempt - 1, "publisher stopping");
      return;
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(WebhookTargetPolicy.hostOf(target.uri().toString()));
    } catch (UnknownHostException e) {
      attemptFailures.get("network").increment();
      retryOrGiveUp(
          target,
          alertId,
          body,
          attempt,
          "UnknownHostException: " + target.uri().getHost() + " does not resolve",
          HttpFailure.noAnswer(e));
      return;
    }
    var refusal =
        policy
            .checkForm(target.uri().toString())
            .or(() -> policy.checkAddresses(target.shownUrl(), addresses));
    if (refusal.isPresent()) {
      finish(
          target,
          alertId,
          WebhookOutcome.REFUSED,
          attempt - 1,
          refusal.get().problem() + ". " + refusal.get().fix());
      return;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.uri())
            .timeout(target.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "gradstream-alerts")
            .header(ALERT_ID_HEADER, alertId)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!target.secret().isEmpty()) {
      request.header(WebhookSigner.HEADER, WebhookSigner.sign(body, target.secret()));
    }
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (error == null && response.statusCode() / 100 == 2) {
                finish(
                    target,
                    alertId,
                    WebhookOutcome.DELIVERED,
                    attempt,
                    "status " + response.statusCode());
              } else if (error == null
                  && !target.retry().retries(HttpFailure.answered(response.statusCode()))) {
                attemptFailures.get("status").increment();
                finish(
                    target,
                    alertId,
                    WebhookOutcome.REJECTED,
                    attempt,
                    "status " + response.statusCode());
              } else {
                String why = error == null ? "status " + response.statusCode() : describe(error);
                attemptFailures
                    .get(error == null ? "status" : isTimeout(error) ? "timeout" : "network")
                    .increment();
                retryOrGiveUp(
                    target,
                    alertId,
                    body,
                    attempt,
                    why,
                    error == null
                        ? HttpFailure.answered(response.statusCode())
                        : HttpFailure.noAnswer(error));
              }
            });
  }

  private void retryOrGiveUp(
      Target target, String alertId, byte[] body, int attempt, String why, HttpFailure failure) {
    Optional<Duration> retry = target.retry().retryAfter(attempt, failure);
    if (retry.isEmpty()) {
      finish(target, alertId, WebhookOutcome.GAVE_UP, attempt, why);
      return;
    }
    Duration wait = retry.get();
    log.info(
        "webhook={} url={} alert={} attempt={} event=webhook-attempt-failed error=\"{}\" next=\"retry in {} ms\"",
        target.index(),
        target.shownUrl(),
        alertId,
        attempt,
        why,
        wait.toMillis());
    try {
      retries.schedule(
          () -> attempt(target, alertId, body, attempt + 1),
          wait.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      finish(target, alertId, WebhookOutcome.ABANDONED, attempt, "publisher stopping");
    }
  }

  private void finish(
      Target target, String alertId, WebhookOutcome outcome, int attempts, String detail) {
    outcomes.get(outcome).increment();
    if (outcome == WebhookOutcome.DELIVERED) {
      log.info(
          "webhook={} url={} alert={} attempts={} event=webhook-delivered",
          target.index(),
          target.shownUrl(),
          alertId,
          attempts);
    } else {
      log.warn(
          "webhook={} url={} alert={} attempts={} outcome={} event=webhook-delivery-failed error=\"{}\"",
          target.index(),
          target.shownUrl(),
          alertId,
          attempts,
          outcome.tag(),
          detail);
    }
  }

  private static boolean isTimeout(Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    return error instanceof HttpTimeoutException || cause instanceof HttpTimeoutException;
  }

  private static String describe(Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    // Exception texts may quote the URL; strip credentials as everywhere else.
    return CameraUrl.redact(cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  /** Stops retrying; attempts already sent finish on their own. */
  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    http.shutdownNow();
  }
}

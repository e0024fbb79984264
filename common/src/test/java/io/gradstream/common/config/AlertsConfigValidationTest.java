package io.gradstream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code publisher.alerts} block: its documented defaults, and each bad value named by its key.
 */
class AlertsConfigValidationTest {
  @TempDir Path dir;

  private GradstreamConfig load(String yaml) throws IOException {
    Path file = dir.resolve("gradstream.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(Map.of()).load(file);
  }

  private List<String> problemKeys(String yaml) throws IOException {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("loading should have failed").isNotNull();
    return e.problems().stream().map(ConfigProblem::key).toList();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    AlertsConfig a = new ConfigLoader(Map.of()).load(null).publisher().alerts();

    assertThat(a.cooldownMs()).isEqualTo(60_000);
    assertThat(a.trackIdleMs()).isEqualTo(30_000);
    assertThat(a.lowConfidence()).isEqualTo(new LowConfidenceRuleConfig(true, 0.2, 5, 5));
    assertThat(a.wrongReasons()).isEqualTo(new WrongReasonsRuleConfig(false, 0.6, 0.3, 3, 3));
    assertThat(a.classFlip()).isEqualTo(new ClassFlipRuleConfig(true, 3));
    assertThat(a.webhookRetry()).isEqualTo(new BackoffConfig(500, 30_000, 2.0, 0.2));
    assertThat(a.webhooks()).isEmpty();
  }

  @Test
  void aWebhookTakesTheDefaultTimeoutAndAttemptsWhenItOmitsThem() throws IOException {
    AlertsConfig a =
        load("""
        publisher:
          alerts:
            webhooks:
              - url: https://hooks.example.com/a
                secret: s3cret
        """)
            .publisher()
            .alerts();

    assertThat(a.webhooks())
        .containsExactly(new WebhookConfig("https://hooks.example.com/a", "s3cret", 5_000L, 5));
  }

  @Test
  void badEpisodeCooldownAndIdleValuesAreNamedByKey() throws IOException {
    List<String> keys =
        problemKeys(
            """
        publisher:
          alerts:
            cooldown-ms: -1
            track-idle-ms: 10
            low-confidence: {threshold: 1.5, frames: 0, clear-frames: 0}
            wrong-reasons: {min-score: 0, max-energy-in-box: 1, frames: 1001}
            class-flip: {stable-frames: 0}
        """);

    assertThat(keys)
        .containsExactlyInAnyOrder(
            "publisher.alerts.cooldown-ms",
            "publisher.alerts.track-idle-ms",
            "publisher.alerts.low-confidence.threshold",
            "publisher.alerts.low-confidence.frames",
            "publisher.alerts.low-confidence.clear-frames",
            "publisher.alerts.wrong-reasons.min-score",
            "publisher.alerts.wrong-reasons.max-energy-in-box",
            "publisher.alerts.wrong-reasons.frames",
            "publisher.alerts.class-flip.stable-frames");
  }

  @Test
  void badWebhookRetryAndWebhookValuesAreNamedByKey() throws IOException {
    List<String> keys =
        problemKeys(
            """
        publisher:
          alerts:
            webhook-retry: {initial-delay-ms: 0, max-delay-ms: -1, multiplier: 0.5, jitter: 2}
            webhooks:
              - url: ftp://hooks.example.com/a
                timeout-ms: 50
                max-attempts: 0
        """);

    assertThat(keys)
        .containsExactlyInAnyOrder(
            "publisher.alerts.webhook-retry.initial-delay-ms",
            "publisher.alerts.webhook-retry.max-delay-ms",
            "publisher.alerts.webhook-retry.multiplier",
            "publisher.alerts.webhook-retry.jitter",
            "publisher.alerts.webhooks[0].url",
            "publisher.alerts.webhooks[0].timeout-ms",
            "publisher.alerts.webhooks[0].max-attempts");
  }

  private ConfigProblem onlyProblem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("loading should have failed").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }

  @Test
  void webhookTargetsDefaultToHttpsAndHttpOnPublicAddresses() {
    AlertsConfig a = new ConfigLoader(Map.of()).load(null).publisher().alerts();

    assertThat(a.webhookTargets())
        .isEqualTo(new WebhookTargetsConfig(List.of("https", "http"), false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:9000/hook",
        "http://localhost/hook",
        "https://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "https://[fd00::5]/hook",
        "http://[fe80::1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook"
      })
  void aWebhookOnANonPublicAddressIsRefusedNamingTheKeyAndTheSwitch(String url) throws IOException {
    ConfigProblem p =
        onlyProblem(
            """
        publisher:
          alerts:
            webhooks:
              - url: "%s"
        """
                .formatted(url));

    assertThat(p.key()).isEqualTo("publisher.alerts.webhooks[0].url");
    assertThat(p.problem()).contains("non-public targets are refused");
    assertThat(p.fix()).contains("publisher.alerts.webhook-targets.allow-private: true");
  }

  @Test
  void allowPrivateLetsALocalReceiverThrough() throws IOException {
    AlertsConfig a =
        load("""
        publisher:
          alerts:
            webhook-targets: {allow-private: true}
            webhooks:
              - url: http://127.0.0.1:9000/hook
              - url: http://localhost/hook
        """)
            .publisher()
            .alerts();

    assertThat(a.webhooks()).hasSize(2);
    assertThat(a.webhookTargets().allowPrivate()).isTrue();
  }

  @Test
  void allowPrivateCanBeSetFromTheEnvironment() {
    AlertsConfig a =
        new ConfigLoader(
                Map.of(
                    "GRADSTREAM_PUBLISHER_ALERTS_WEBHOOK_TARGETS_ALLOW_PRIVATE",
                    "true",
                    "GRADSTREAM_PUBLISHER_ALERTS_WEBHOOKS",
                    "[{url: 'http://127.0.0.1:9000/hook'}]"))
            .load(null)
            .publisher()
            .alerts();

    assertThat(a.webhookTargets().allowPrivate()).isTrue();
  }

  @Test
  void schemesNarrowedToHttpsRefuseAPlainHttpWebhook() throws IOException {
    ConfigProblem p =
        onlyProblem(
            """
        publisher:
          alerts:
            webhook-targets: {schemes: [https]}
            webhooks:
              - url: http://93.184.216.34/hook
        """);

    assertThat(p.key()).isEqualTo("publisher.alerts.webhooks[0].url");
    assertThat(p.problem()).contains("scheme 'http'");
    assertThat(p.fix()).contains("publisher.alerts.webhook-targets.schemes");
  }

  @Test
  void aSchemeGradstreamCannotDeliverIsNamedByKey() throws IOException {
    assertThat(
            problemKeys(
                """
        publisher:
          alerts:
            webhook-targets: {schemes: [https, ftp]}
        """))
        .containsExactly("publisher.alerts.webhook-targets.schemes");
  }

  @Test
  void aPublicLiteralAddressAndAnUnresolvableNameAreAcceptedAtLoad() throws IOException {
    // An unresolvable name passes: DNS may be down at start, and every delivery attempt checks
    // again.
    AlertsConfig a =
        load("""
        publisher:
          alerts:
            webhooks:
              - url: https://93.184.216.34/hook
              - url: https://no-such-host.invalid/hook
        """)
            .publisher()
            .alerts();

    assertThat(a.webhooks()).hasSize(2);
  }
}

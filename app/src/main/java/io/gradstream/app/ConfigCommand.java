package io.gradstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpAuthConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.KafkaClientProperties;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.common.config.RepublishConfig;
import io.gradstream.common.config.WebhookConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gradstream config}: checks the configuration and prints it as gradstream will use it. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the configuration (file, then GRADSTREAM_* variables) and prints the effective values,",
      "camera credentials redacted. Exits 2 with every problem listed when it is invalid."
    })
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GradstreamConfig loaded = config.load();
    GradstreamConfig shown =
        new GradstreamConfig(
            loaded.roles(),
            withSecretsHidden(loaded.kafka()),
            withTokenHidden(loaded.http()),
            loaded.ingest(),
            loaded.inference(),
            withSecretsHidden(loaded.publisher()),
            loaded.cameras().stream()
                .map(
                    c ->
                        new CameraConfig(
                            c.id(),
                            CameraUrl.redact(c.url()),
                            c.maxFps(),
                            c.jpegQuality(),
                            c.loop(),
                            c.format()))
                .toList());
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    spec.commandLine().getOut().print(yaml.writeValueAsString(shown));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * Kafka credentials (sasl.jaas.config, ssl.*.password, any password or secret) are shown as ***
   * when set.
   */
  private static KafkaConfig withSecretsHidden(KafkaConfig k) {
    return new KafkaConfig(
        k.bootstrapServers(),
        k.embedded(),
        k.topics(),
        k.maxMessageBytes(),
        KafkaClientProperties.redacted(k.clientProperties()));
  }

  /**
   * The HTTP access token is a credential: shown as *** when set (the token file's path is no
   * secret).
   */
  private static HttpConfig withTokenHidden(HttpConfig http) {
    HttpAuthConfig a = http.auth();
    return http.withAuth(
        new HttpAuthConfig(
            a.enabled(), a.token().isEmpty() ? "" : "***", a.tokenFile(), a.protectMetrics()));
  }

  /** Webhook signing keys are credentials: shown as *** when set. */
  private static PublisherConfig withSecretsHidden(PublisherConfig p) {
    AlertsConfig a = p.alerts();
    AlertsConfig hidden =
        new AlertsConfig(
            a.cooldownMs(),
            a.trackIdleMs(),
            a.snapshotDir(),
            a.lowConfidence(),
            a.wrongReasons(),
            a.classFlip(),
            a.webhookRetry(),
            a.webhooks().stream()
                .map(
                    w ->
                        new WebhookConfig(
                            CameraUrl.redact(w.url()),
                            w.secret().isEmpty() ? "" : "***",
                            w.timeoutMs(),
                            w.maxAttempts()))
                .toList(),
            a.webhookTargets());
    return new PublisherConfig(
        p.consumerGroup(),
        p.firstStartLookbackMs(),
        p.joinBufferFrames(),
        p.joinTimeoutMs(),
        p.render(),
        new RepublishConfig(
            CameraUrl.redact(p.republish().rtspUrl()),
            p.republish().rtspTransport(),
            p.republish().hlsDir(),
            p.republish().fps()),
        hidden);
  }
}

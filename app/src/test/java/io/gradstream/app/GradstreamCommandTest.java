package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GradstreamCommandTest {
  private final CapturedCli cli = new CapturedCli();

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "detect", "model", "config", "bench"})
  void everySubcommandHasHelp(String subcommand) {
    assertThat(cli.execute(subcommand, "--help")).isZero();
    assertThat(cli.out()).contains("Usage: gradstream " + subcommand).contains("--help");
  }

  @Test
  void topLevelHelpListsTheSubcommands() {
    assertThat(cli.execute("--help")).isZero();
    assertThat(cli.out()).contains("run").contains("demo").contains("detect").contains("config");
  }

  @Test
  void configCommandNamesTheMistypedKeyAndExitsWithTwo(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gradstream.yaml"), "http:\n  prot: 8081\ningest:\n  jpeg-quality: 400\n");
    int code = cli.execute("config", "--config", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(cli.err())
        .contains("http.prot")
        .contains("Did you mean 'http.port'?")
        .contains(file.toString())
        .doesNotContain("\tat ");
  }

  @Test
  void configCommandPrintsTheEffectiveConfigurationWithCredentialsRedacted(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gradstream.yaml"),
            "http:\n  port: 8181\ncameras:\n  - id: gate\n    url: rtsp://admin:hunter2@10.0.0.5/live\n");
    assertThat(cli.execute("config", "--config", file.toString())).isZero();
    assertThat(cli.out())
        .contains("port: 8181")
        .contains("gate")
        .contains("***@10.0.0.5")
        .doesNotContain("hunter2");
  }

  @Test
  void configCommandHidesTheHttpAccessTokenAndKeepsTheAuthSettings(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gradstream.yaml"),
            "http:\n  auth:\n    token: tok-do-not-print-0123456789\n    protect-metrics: true\n");
    assertThat(cli.execute("config", "--config", file.toString())).isZero();
    assertThat(cli.out())
        .contains("token: \"***\"")
        .contains("protect-metrics: true")
        .doesNotContain("tok-do-not-print-0123456789");
  }

  @Test
  void configCommandHidesWebhookSecretsAndKeepsTheAlertSettings(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gradstream.yaml"),
            """
        publisher:
          alerts:
            track-idle-ms: 12000
            webhooks:
              - url: https://ops:pw123@hooks.example.com/a
                secret: whsec-do-not-print
        """);
    assertThat(cli.execute("config", "--config", file.toString())).isZero();
    assertThat(cli.out())
        .contains("track-idle-ms: 12000")
        .contains("webhook-retry:")
        .contains("secret: \"***\"")
        .contains("***@hooks.example.com")
        .doesNotContain("whsec-do-not-print")
        .doesNotContain("pw123");
  }

  @Test
  void configCommandHidesKafkaCredentialsAndKeepsTheOtherClientProperties(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gradstream.yaml"),
            """
        kafka:
          bootstrap-servers: kafka-0:9093
          client-properties:
            security.protocol: SASL_SSL
            sasl.mechanism: SCRAM-SHA-512
            sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="gs" password="jaas-pw-do-not-print";'
            ssl.truststore.location: /etc/kafka/trust.p12
            ssl.truststore.password: ts-pw-do-not-print
        """);
    assertThat(cli.execute("config", "--config", file.toString())).isZero();
    assertThat(cli.out())
        .contains("security.protocol: \"SASL_SSL\"")
        .contains("ssl.truststore.location: \"/etc/kafka/trust.p12\"")
        .contains("sasl.jaas.config: \"***\"")
        .contains("ssl.truststore.password: \"***\"")
        .doesNotContain("jaas-pw-do-not-print")
        .doesNotContain("ts-pw-do-not-print");
  }
}

package io.gradstream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kafka.client-properties: loaded from the file and the environment, checked against Kafka's own
 * settings.
 */
class KafkaClientPropertiesConfigTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gs\" password=\"s3cr3t-pw\";";
  private static final Map<String, String> CLUSTER =
      Map.of("GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9093");

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("gradstream.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static ConfigException failure(Path file, Map<String, String> env) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(env).load(file));
    assertThat(e).as("loading should have failed").isNotNull();
    return e;
  }

  private static ConfigProblem problemFor(ConfigException e, String key) {
    return e.problems().stream()
        .filter(p -> p.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no problem for " + key + " in " + e.problems()));
  }

  @Test
  void defaultsHaveNoClientProperties() {
    assertThat(new ConfigLoader(Map.of()).load(null).kafka().clientProperties()).isEmpty();
  }

  @Test
  void fileMapOfDottedKafkaSettingsIsLoadedAsText() throws IOException {
    GradstreamConfig c =
        new ConfigLoader(Map.of())
            .load(
                write(
                    """
        kafka:
          bootstrap-servers: kafka-0:9093
          client-properties:
            security.protocol: SASL_SSL
            sasl.mechanism: SCRAM-SHA-512
            sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="gs" password="s3cr3t-pw";'
            ssl.truststore.location: /etc/kafka/truststore.p12
            reconnect.backoff.max.ms: 5000
        """));

    assertThat(c.kafka().clientProperties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                JAAS,
                "ssl.truststore.location",
                "/etc/kafka/truststore.p12",
                "reconnect.backoff.max.ms",
                "5000"));
  }

  @Test
  void environmentVariableSetsOneEntryNamedByTheKafkaSettingWithUnderscoresForDots()
      throws IOException {
    Path file =
        write(
            """
        kafka:
          bootstrap-servers: kafka-0:9093
          client-properties:
            security.protocol: SASL_PLAINTEXT
            sasl.mechanism: PLAIN
        """);
    GradstreamConfig c =
        new ConfigLoader(
                Map.of(
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SASL_JAAS_CONFIG", JAAS,
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SSL_TRUSTSTORE_LOCATION",
                        "/run/secrets/truststore.p12"))
            .load(file);

    assertThat(c.kafka().clientProperties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                JAAS,
                "ssl.truststore.location",
                "/run/secrets/truststore.p12"));
    assertThat(KafkaClientProperties.variableFor("ssl.endpoint.identification.algorithm"))
        .isEqualTo("GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM");
  }

  @Test
  void misspelledEnvironmentVariableIsRefusedWithTheClosestSetting() {
    ConfigException e =
        failure(
            null,
            Map.of(
                "GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                "kafka-0:9093",
                "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOLL",
                "SASL_SSL"));

    ConfigProblem p = problemFor(e, "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOLL");
    assertThat(p.problem()).contains("Kafka client setting");
    assertThat(p.fix()).contains("GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOL?");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bootstrap.servers",
        "group.id",
        "client.id",
        "enable.auto.commit",
        "acks",
        "enable.idempotence",
        "transactional.id",
        "key.serializer",
        "value.deserializer",
        "max.request.size",
        "linger.ms",
        "session.timeout.ms"
      })
  void settingsGradstreamMakesItselfAreRefusedWithTheReason(String name) throws IOException {
    ConfigException e =
        failure(
            write(
                """
        kafka:
          bootstrap-servers: kafka-0:9093
          client-properties:
            security.protocol: SSL
            %s: x
        """
                    .formatted(name)),
            Map.of());

    ConfigProblem p = problemFor(e, "kafka.client-properties." + name);
    assertThat(p.problem()).startsWith("is set by gradstream itself: ");
    assertThat(p.fix()).contains("Remove it");
    assertThat(e.problems()).as("the allowed setting beside it is fine").hasSize(1);
  }

  @Test
  void reservedReasonsPointAtGradstreamsOwnKeys() {
    assertThat(KafkaClientProperties.reservedBecause("bootstrap.servers"))
        .hasValueSatisfying(r -> assertThat(r).contains("kafka.bootstrap-servers"));
    assertThat(KafkaClientProperties.reservedBecause("group.id"))
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("inference.consumer-group")
                    .contains("publisher.consumer-group"));
    assertThat(KafkaClientProperties.reservedBecause("max.request.size"))
        .hasValueSatisfying(r -> assertThat(r).contains("kafka.max-message-bytes"));
    assertThat(KafkaClientProperties.reservedBecause("ssl.truststore.location")).isEmpty();
  }

  @Test
  void nameThatIsNoKafkaClientSettingIsRefusedWithTheClosestOne() throws IOException {
    ConfigException e =
        failure(
            write(
                """
        kafka:
          bootstrap-servers: kafka-0:9093
          client-properties:
            sasl.mechansim: PLAIN
            frobnicate: 1
        """),
            Map.of());

    assertThat(problemFor(e, "kafka.client-properties.sasl.mechansim").fix())
        .isEqualTo("Did you mean 'sasl.mechanism'?");
    assertThat(problemFor(e, "kafka.client-properties.frobnicate").problem())
        .isEqualTo("is not a Kafka producer, consumer or admin client setting");
  }

  @Test
  void valueKafkaWouldRefuseIsRefusedAtLoad() throws IOException {
    ConfigException e =
        failure(
            write(
                """
        kafka:
          bootstrap-servers: kafka-0:9093
          client-properties:
            security.protocol: SASL_TLS
            reconnect.backoff.ms: soon
        """),
            Map.of());

    assertThat(problemFor(e, "kafka.client-properties.security.protocol").problem())
        .contains("SASL_TLS")
        .contains("SASL_SSL");
    assertThat(problemFor(e, "kafka.client-properties.reconnect.backoff.ms").problem())
        .contains("is not valid");
  }

  @Test
  void embeddedBrokerRefusesClientPropertiesBecauseItIsPlaintextOnLoopback() throws IOException {
    ConfigException e =
        failure(
            write(
                """
        kafka:
          client-properties:
            security.protocol: SASL_SSL
        """),
            Map.of());

    ConfigProblem p = problemFor(e, "kafka.client-properties");
    assertThat(p.problem()).contains("kafka.bootstrap-servers is empty").contains("PLAINTEXT");
    assertThat(p.fix()).contains("Set kafka.bootstrap-servers");
  }

  @Test
  void nestedMapInsteadOfDottedNameIsRefused() throws IOException {
    ConfigException e =
        failure(
            write(
                """
        kafka:
          bootstrap-servers: kafka-0:9093
          client-properties:
            security:
              protocol: SSL
        """),
            Map.of());

    ConfigProblem p = problemFor(e, "kafka.client-properties.security");
    assertThat(p.problem()).isEqualTo("must be a single value");
    assertThat(p.fix()).contains("full dotted name");
  }

  @Test
  void secretsAreKafkaPasswordsAndAnythingNamedPasswordOrSecret() {
    assertThat(KafkaClientProperties.isSecret("sasl.jaas.config")).isTrue();
    assertThat(KafkaClientProperties.isSecret("ssl.keystore.password")).isTrue();
    assertThat(KafkaClientProperties.isSecret("ssl.truststore.password")).isTrue();
    assertThat(KafkaClientProperties.isSecret("ssl.key.password")).isTrue();
    assertThat(KafkaClientProperties.isSecret("ssl.keystore.key")).as("a PEM private key").isTrue();
    assertThat(KafkaClientProperties.isSecret("sasl.oauthbearer.client.credentials.client.secret"))
        .isTrue();
    assertThat(KafkaClientProperties.isSecret("security.protocol")).isFalse();
    assertThat(KafkaClientProperties.isSecret("ssl.truststore.location")).isFalse();
  }

  @Test
  void printedConfigurationShowsSecretsAsStars() {
    GradstreamConfig c =
        new ConfigLoader(
                Map.of(
                    "GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                    "kafka-0:9093",
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SASL_JAAS_CONFIG",
                    JAAS,
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SSL_TRUSTSTORE_PASSWORD",
                    "tr-pw-123",
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOL",
                    "SASL_SSL"))
            .load(null);

    assertThat(c.toString())
        .doesNotContain("s3cr3t-pw")
        .doesNotContain("tr-pw-123")
        .contains("sasl.jaas.config=***")
        .contains("security.protocol=SASL_SSL");
    assertThat(KafkaClientProperties.redacted(c.kafka().clientProperties()))
        .containsEntry("ssl.truststore.password", "***");
  }

  @Test
  void errorAboutASecretNeverQuotesItsValue() {
    ConfigException e =
        failure(null, Map.of("GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SASL_JAAS_CONFIG", JAAS));

    assertThat(e.getMessage()).contains("kafka.client-properties").doesNotContain("s3cr3t-pw");
  }

  @Test
  void clusterEnvironmentAloneLoadsWithoutClientProperties() {
    assertThat(new ConfigLoader(CLUSTER).load(null).kafka().clientProperties()).isEmpty();
  }
}

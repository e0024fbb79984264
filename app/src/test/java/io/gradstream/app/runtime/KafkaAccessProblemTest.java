package io.gradstream.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.kafka.KafkaConnection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaAccessProblemTest {
  private static final KafkaConnection SASL_SSL =
      new KafkaConnection(
          "kafka-0:9093",
          Map.of(
              "security.protocol",
              "SASL_SSL",
              "sasl.jaas.config",
              "x required username=\"u\" password=\"hunter2\";"));

  @Test
  void refusedLoginDeepInTheCausesNamesTheSettingsToCheck() {
    Exception e =
        new KafkaException(
            "create topic gradstream.frames failed",
            new ExecutionException(
                new SaslAuthenticationException(
                    "Authentication failed during authentication due to invalid credentials")));

    assertThat(KafkaAccessProblem.describe(e, SASL_SSL))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("kafka-0:9093 refused gradstream's credentials")
                    .contains("check kafka.client-properties")
                    .contains("sasl.jaas.config")
                    .contains("security.protocol (SASL_SSL")
                    .doesNotContain("hunter2"));
  }

  @Test
  void failedTlsHandshakeNamesTheTruststore() {
    assertThat(
            KafkaAccessProblem.describe(
                new SslAuthenticationException("PKIX path building failed"), SASL_SSL))
        .hasValueSatisfying(
            m -> assertThat(m).contains("TLS handshake").contains("ssl.truststore.location"));
  }

  @Test
  void missingAclNamesWhatTheUserNeeds() {
    assertThat(
            KafkaAccessProblem.describe(
                new TopicAuthorizationException("Not authorized"), SASL_SSL))
        .hasValueSatisfying(m -> assertThat(m).contains("ACLs").contains("kafka.topics"));
  }

  @Test
  void otherFailuresAreNotAccessProblems() {
    assertThat(
            KafkaAccessProblem.describe(
                new TimeoutException("Timed out waiting for a node"), SASL_SSL))
        .isEmpty();
  }
}

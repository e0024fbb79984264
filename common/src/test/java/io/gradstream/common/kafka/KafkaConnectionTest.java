package io.gradstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.KafkaConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required"
          + " username=\"gs\" password=\"pw-4711\";";

  @Test
  void propertiesAreTheClientPropertiesPlusTheBootstrapServersInAFreshMap() {
    KafkaConnection c =
        new KafkaConnection("kafka-0:9093", Map.of("security.protocol", "SASL_SSL"));

    Map<String, Object> p = c.properties();
    p.put("client.id", "mine");

    assertThat(c.properties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("security.protocol", "SASL_SSL", "bootstrap.servers", "kafka-0:9093"));
    assertThat(c.secured()).isTrue();
    assertThat(KafkaConnection.plaintext("127.0.0.1:9092").secured()).isFalse();
  }

  @Test
  void fromTheConfigurationCarriesEveryClientProperty() {
    KafkaConfig kafka =
        new ConfigLoader(
                Map.of(
                    "GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                    "kafka-0:9093",
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOL",
                    "SASL_PLAINTEXT",
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SASL_MECHANISM",
                    "PLAIN",
                    "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SASL_JAAS_CONFIG",
                    JAAS))
            .load(null)
            .kafka();

    KafkaConnection c = KafkaConnection.of(kafka, kafka.bootstrapServers());

    assertThat(c.properties())
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("bootstrap.servers", "kafka-0:9093");
    assertThat(c.toString())
        .doesNotContain("pw-4711")
        .contains("sasl.jaas.config=***")
        .contains("kafka-0:9093");
  }
}

package io.gradstream.common.config;

import java.util.Map;

/**
 * Kafka settings.
 *
 * @param bootstrapServers external cluster; empty starts the embedded broker
 * @param embedded the embedded single-node KRaft broker
 * @param topics the topics gradstream creates and uses
 * @param maxMessageBytes largest frame message (producer and frames topic limit)
 * @param clientProperties Kafka client settings (security.protocol, ssl.*, sasl.*...) given to
 *     every client gradstream creates; see {@link KafkaClientProperties} for what is refused
 */
public record KafkaConfig(
    String bootstrapServers,
    EmbeddedBrokerConfig embedded,
    TopicsConfig topics,
    int maxMessageBytes,
    Map<String, String> clientProperties) {

  public KafkaConfig {
    clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
  }

  /** Without client properties: the embedded broker, or a cluster that needs no TLS or SASL. */
  public KafkaConfig(
      String bootstrapServers,
      EmbeddedBrokerConfig embedded,
      TopicsConfig topics,
      int maxMessageBytes) {
    this(bootstrapServers, embedded, topics, maxMessageBytes, Map.of());
  }

  /** Whether gradstream runs its own broker instead of joining a cluster. */
  public boolean useEmbeddedBroker() {
    return bootstrapServers == null || bootstrapServers.isBlank();
  }

  /**
   * Secret client properties (sasl.jaas.config, ssl.*.password...) are shown as ***, so a logged
   * config leaks none.
   */
  @Override
  public String toString() {
    return "KafkaConfig[bootstrapServers="
        + bootstrapServers
        + ", embedded="
        + embedded
        + ", topics="
        + topics
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", clientProperties="
        + KafkaClientProperties.redacted(clientProperties)
        + "]";
  }
}

package io.gradstream.common.config;

/**
 * Kafka settings.
 *
 * @param bootstrapServers external cluster; empty starts the embedded broker
 * @param embedded         the embedded single-node KRaft broker
 * @param topics           the topics gradstream creates and uses
 * @param maxMessageBytes  largest frame message (producer and frames topic limit)
 */
public record KafkaConfig(
    String bootstrapServers, EmbeddedBrokerConfig embedded, TopicsConfig topics, int maxMessageBytes) {

  /** Whether gradstream runs its own broker instead of joining a cluster. */
  public boolean useEmbeddedBroker() {
    return bootstrapServers == null || bootstrapServers.isBlank();
  }
}

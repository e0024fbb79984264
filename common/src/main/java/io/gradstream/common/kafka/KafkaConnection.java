package io.gradstream.common.kafka;

import io.gradstream.common.config.KafkaClientProperties;
import io.gradstream.common.config.KafkaConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where and how gradstream's Kafka clients connect: the bootstrap servers and the client properties
 * of {@code kafka.client-properties} (security.protocol, ssl.*, sasl.*). The roles take this
 * instead of a bare address, so no client they create can leave the security settings out.
 *
 * @param bootstrapServers host:port[,host:port...]
 * @param clientProperties settings every client gets, already checked by the configuration
 *     validator
 */
public record KafkaConnection(String bootstrapServers, Map<String, Object> clientProperties) {

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    clientProperties = Map.copyOf(clientProperties);
  }

  /** A PLAINTEXT connection with no extra settings (the embedded broker). */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * The cluster of {@code kafka}, reached at {@code bootstrapServers} (the embedded broker's when
   * it runs).
   */
  public static KafkaConnection of(KafkaConfig kafka, String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.copyOf(kafka.clientProperties()));
  }

  /**
   * A fresh, mutable map of the client properties plus bootstrap.servers: the base of any client's
   * settings.
   */
  public Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** Whether the connection uses anything but PLAINTEXT without authentication. */
  public boolean secured() {
    Object protocol = clientProperties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    return protocol != null && !"PLAINTEXT".equalsIgnoreCase(protocol.toString());
  }

  /** Secrets are shown as ***: this string may be logged. */
  @Override
  public String toString() {
    Map<String, String> shown = new HashMap<>();
    clientProperties.forEach((k, v) -> shown.put(k, String.valueOf(v)));
    return "KafkaConnection["
        + bootstrapServers
        + ", "
        + KafkaClientProperties.redacted(shown)
        + "]";
  }
}

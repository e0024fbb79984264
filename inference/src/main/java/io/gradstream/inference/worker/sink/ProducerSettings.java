package io.gradstream.inference.worker.sink;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The worker's producer configuration: detections and dead letters are at-least-once. */
final class ProducerSettings {
  private ProducerSettings() {}

  static Properties properties(
      String bootstrapServers,
      String clientId,
      int maxMessageBytes,
      Map<String, Object> overrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // Idempotent with acks=all: a retried send is written once, and an acknowledged one survives a
    // broker loss.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // No linger: a viewer waits for every detection, and a frame's detections are one small record
    // anyway.
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Dead letters carry whole frames, as large as the frames topic allows.
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 4L * maxMessageBytes));
    // Give up on one attempt after 30 s (default 2 min); RetryPolicies.workerWrites() decides about
    // more.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.putAll(overrides);
    return p;
  }
}

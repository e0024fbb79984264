package io.gradstream.inference.worker.sink;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The worker's producer configuration: detections and dead letters are at-least-once. */
final class ProducerSettings {
  private ProducerSettings() {}

  /**
   * The tuning beside {@link io.gradstream.common.kafka.Delivery#IDEMPOTENT}.
   *
   * @param overrides settings over the worker's own, last
   */
  static Map<String, Object> tuning(int maxMessageBytes, Map<String, Object> overrides) {
    Map<String, Object> p = new HashMap<>();
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

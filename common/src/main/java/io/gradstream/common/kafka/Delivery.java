package io.gradstream.common.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a producer promises about a record when a broker or the process fails: the delivery rules of
 * docs/ARCHITECTURE.md, named once so no site can mix them up.
 */
public enum Delivery {
  /**
   * Frames: at most once, the latest wins. One acknowledgement, no retries and no idempotence: a
   * frame sent again would arrive after newer ones, stale, and a lost frame is replaced by the
   * next.
   */
  AT_MOST_ONCE(
      Map.of(
          ProducerConfig.ACKS_CONFIG,
          "1",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          false,
          ProducerConfig.RETRIES_CONFIG,
          0)),

  /**
   * Detections, alerts, dead letters and camera registrations: idempotent with {@code acks=all}, so
   * a retried send is written once and an acknowledged one survives the loss of a broker.
   */
  IDEMPOTENT(
      Map.of(
          ProducerConfig.ACKS_CONFIG,
          "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          true,
          ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
          5));

  private final Map<String, Object> settings;

  Delivery(Map<String, Object> settings) {
    this.settings = settings;
  }

  /** The producer settings that make this delivery. */
  public Map<String, Object> settings() {
    return settings;
  }
}

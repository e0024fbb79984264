package io.gradstream.inference.worker.source;

import io.gradstream.inference.worker.pipeline.PipelineSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/**
 * The worker's frames consumer configuration (also used by {@code gradstream bench kafka}, to
 * measure Kafka as the worker reads it).
 */
public final class ConsumerSettings {
  private ConsumerSettings() {}

  /**
   * The tuning to hand {@link io.gradstream.common.kafka.KafkaClients#consumer} (which already
   * turns off auto-commit: the worker commits a frame's offset once its detections are written).
   *
   * @param overrides settings over the worker's own, last
   */
  public static Map<String, Object> tuning(
      String group, int maxMessageBytes, Map<String, Object> overrides) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    // A new group starts at live video: replaying minutes of frames would only drop them as stale.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // Cooperative rebalancing: when a worker joins or leaves, the others keep the partitions they
    // hold
    // and go on detecting; only the partitions that move pause.
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // A worker that dies without leaving the group is noticed in 6 s (default 45 s; 6 s is the
    // broker's
    // default minimum): live video cannot wait long for its partitions to move, and a SIGKILLed
    // worker's
    // camera was measured back in about 10 s with 10 s here. Heartbeats come from the client's own
    // thread, so a slow detector does not count as dead.
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_500);
    // Frames are large; a poll hands over what the pipeline's queue holds
    // (PipelineSettings.QUEUE_FLOOR),
    // not 500 JPEGs, so one poll alone never pushes frames out of the queue.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, PipelineSettings.QUEUE_FLOOR);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxMessageBytes);
    p.putAll(overrides);
    return p;
  }
}

package io.gradstream.inference.worker.source;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.common.record.TimestampType;

/**
 * The Kafka hop of one frame: from the producer stamping the record (its CreateTime) to the
 * worker's poll returning it. CreateTime has millisecond resolution and is rounded down, so the hop
 * reads up to 1 ms long, never short; across hosts it also carries their clock difference.
 */
public final class KafkaHop {
  private KafkaHop() {}

  /** The wall clock now, in microseconds since the Unix epoch. */
  public static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /**
   * Microseconds from the record's CreateTime to {@code polledMicros}, at least 0; -1 when the
   * record has no CreateTime (a topic with LogAppendTime stamps the broker's append instead).
   */
  public static long micros(TimestampType type, long timestampMillis, long polledMicros) {
    if (type != TimestampType.CREATE_TIME || timestampMillis < 0) {
      return -1;
    }
    return Math.max(0, polledMicros - timestampMillis * 1_000);
  }
}

package io.gradstream.inference.worker.source;

/** What the frames consumer reports about itself, from its own thread. */
public interface ConsumerMeters {
  /**
   * One record was consumed; {@code key} is its Kafka key (the camera id ingest wrote), maybe null.
   */
  void frameIn(String key);

  /** The records behind the end of the frames topic, summed over the partitions held now. */
  void lag(long records);

  /**
   * One record's Kafka hop, its CreateTime to this poll, in microseconds (records without a
   * CreateTime: none).
   */
  default void kafkaHop(long micros) {}
}

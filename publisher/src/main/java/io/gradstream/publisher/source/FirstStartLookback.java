package io.gradstream.publisher.source;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the publishers' group starts on a detections partition it has never committed on: its first
 * start, or a partition added since. Starting at the end, as Kafka's "latest" does, would never
 * raise the alerts of detections the workers wrote before the publisher first ran (workers started
 * first, a publisher deployed later); starting at the beginning would replay the topic's whole
 * retention as alerts. So such a partition starts at the first record written {@code lookback} ago,
 * or at its end when there is none that recent. Partitions with a committed offset resume from it,
 * as before. Runs on the detections reader's thread, inside its poll.
 */
final class FirstStartLookback implements ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(FirstStartLookback.class);

  private final Consumer<?, ?> consumer;
  private final Duration lookback;

  FirstStartLookback(Consumer<?, ?> consumer, Duration lookback) {
    this.consumer = consumer;
    this.lookback = lookback;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty() || lookback.isZero()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions));
    long since = System.currentTimeMillis() - lookback.toMillis();
    Map<TopicPartition, Long> query = new HashMap<>();
    for (TopicPartition tp : partitions) {
      if (committed.get(tp) == null) {
        query.put(tp, since);
      }
    }
    if (query.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    List<TopicPartition> atEnd =
        query.keySet().stream().filter(tp -> found.get(tp) == null).toList();
    found.forEach(
        (tp, at) -> {
          if (at != null) {
            consumer.seek(tp, at.offset());
          }
        });
    consumer.seekToEnd(atEnd);
    log.info(
        "event=detections-first-start partitions={} lookback_ms={} from_lookback={} at_end={}",
        query.keySet(),
        lookback.toMillis(),
        query.size() - atEnd.size(),
        atEnd.size());
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
}

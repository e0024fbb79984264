package io.gradstream.publisher.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the publishers' group resumes a detections partition it has committed on: {@value
 * #RECALL_RECORDS} records before the committed offset, which are then only {@linkplain
 * DetectionsListener#recall recalled} (the rules stepped, nothing written), so that episodes and
 * cooldowns half seen before a restart, a crash or a rebalance go on where they were. Resuming at
 * the committed offset, as Kafka does, lost an alert whose episode had begun before it (found by
 * killing a publisher with SIGKILL mid-burst). Partitions never committed on go to {@link
 * FirstStartLookback}. Runs on the detections reader's thread, inside its poll.
 */
final class ResumeWithRecall implements ConsumerRebalanceListener {
  /** Records read again per partition: at 6 partitions, about 50 s of one 10 fps camera. */
  static final int RECALL_RECORDS = 512;

  private static final Logger log = LoggerFactory.getLogger(ResumeWithRecall.class);

  private final Consumer<?, ?> consumer;
  private final FirstStartLookback firstStart;
  private final Map<TopicPartition, Long> recallUntil = new ConcurrentHashMap<>();

  ResumeWithRecall(Consumer<?, ?> consumer, FirstStartLookback firstStart) {
    this.consumer = consumer;
    this.firstStart = firstStart;
  }

  /** Whether {@code offset} of {@code partition} is only to be recalled. */
  boolean recalls(TopicPartition partition, long offset) {
    Long until = recallUntil.get(partition);
    return until != null && offset < until;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions));
    Map<TopicPartition, Long> resume = new HashMap<>();
    committed.forEach(
        (tp, at) -> {
          if (at != null && at.offset() > 0) {
            resume.put(tp, at.offset());
          }
        });
    if (!resume.isEmpty()) {
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(resume.keySet());
      resume.forEach(
          (tp, at) -> {
            recallUntil.put(tp, at);
            consumer.seek(tp, Math.max(beginnings.getOrDefault(tp, 0L), at - RECALL_RECORDS));
          });
      log.info(
          "event=detections-resume partitions={} recall_records={}",
          resume.keySet(),
          RECALL_RECORDS);
    }
    firstStart.onPartitionsAssigned(partitions);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    partitions.forEach(recallUntil::remove);
  }
}

package io.gradstream.inference.worker.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link PartitionLedger}s of the partitions this worker holds now, and what was last committed
 * for each, so a commit is only sent when a partition moved forward. Used by the poll thread only
 * (rebalance callbacks run on it too); the ledgers themselves are shared with the pipeline.
 */
public final class OffsetLedger {
  private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** Partitions were assigned: each gets a fresh ledger. */
  public void assigned(Collection<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      PartitionLedger old = ledgers.put(p, new PartitionLedger(p));
      if (old != null) {
        old.revoke();
      }
      committed.remove(p);
    }
  }

  /** The ledger of an assigned partition, or null when it is not assigned. */
  public PartitionLedger ledger(TopicPartition partition) {
    return ledgers.get(partition);
  }

  /** Offsets that moved forward since the last commit, over all held partitions. */
  public Map<TopicPartition, OffsetAndMetadata> toCommit() {
    return toCommit(ledgers.keySet());
  }

  /** Offsets that moved forward since the last commit, for {@code partitions} that are held. */
  public Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition p : partitions) {
      PartitionLedger ledger = ledgers.get(p);
      if (ledger == null) {
        continue;
      }
      OptionalLong offset = ledger.committable();
      Long last = committed.get(p);
      if (offset.isPresent() && (last == null || offset.getAsLong() > last)) {
        out.put(p, new OffsetAndMetadata(offset.getAsLong()));
      }
    }
    return out;
  }

  /** These offsets were committed (acknowledged by the group coordinator). */
  public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (p, o) -> {
          if (ledgers.containsKey(p)) {
            committed.merge(p, o.offset(), Math::max);
          }
        });
  }

  /**
   * The partitions left this worker: their in-flight records are dropped and completions ignored.
   */
  public void revoked(Collection<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      PartitionLedger ledger = ledgers.remove(p);
      if (ledger != null) {
        ledger.revoke();
      }
      committed.remove(p);
    }
  }

  /** Partitions held now. */
  public List<TopicPartition> held() {
    return List.copyOf(ledgers.keySet());
  }

  /** Records received and not yet done, over all held partitions. */
  public int pendingCount() {
    return ledgers.values().stream().mapToInt(PartitionLedger::pendingCount).sum();
  }
}

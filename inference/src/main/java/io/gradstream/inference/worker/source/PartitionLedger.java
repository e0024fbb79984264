package io.gradstream.inference.worker.source;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one frames partition during one assignment to this worker: which records were
 * handed to the pipeline and which of those are done. A record is done when everything it caused is
 * safely written (its detections or its dead letter acknowledged by Kafka) or when it was dropped
 * on purpose (stale, backpressure). The committable offset is the first record not yet done, so a
 * commit never skips a record whose detections could still be lost (detections are at-least-once).
 *
 * <p>Once revoked, a ledger ignores completions: the partition may already belong to another
 * worker, or come back to this one as a fresh assignment with a ledger of its own.
 *
 * <p>{@link #received} is called by the poll thread only, in offset order; {@link #done} by any
 * thread.
 */
public final class PartitionLedger {
  private final TopicPartition partition;
  private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
  private volatile long nextOffset = -1;
  private volatile boolean revoked;

  /** A ledger for one assignment of {@code partition}. */
  public PartitionLedger(TopicPartition partition) {
    this.partition = partition;
  }

  /** The frames partition this ledger is for. */
  public TopicPartition partition() {
    return partition;
  }

  /** The record at {@code offset} was handed to the pipeline; it is pending until {@link #done}. */
  public void received(long offset) {
    pending.add(offset);
    nextOffset = Math.max(nextOffset, offset + 1);
  }

  /** The record at {@code offset} needs nothing more; ignored once revoked. */
  public void done(long offset) {
    if (!revoked) {
      pending.remove(offset);
    }
  }

  /**
   * The offset to commit: the lowest offset still pending, or one past the last record received
   * when all are done; empty when nothing was received in this assignment. Gaps between offsets
   * (compaction, transaction markers) need no care: only records actually received are ever
   * pending.
   */
  public OptionalLong committable() {
    long next =
        nextOffset; // read before pending: a concurrent done() can only move the answer forward
    if (next < 0) {
      return OptionalLong.empty();
    }
    Long firstPending = pending.ceiling(Long.MIN_VALUE);
    return OptionalLong.of(firstPending == null ? next : firstPending);
  }

  /** Records received and not yet done. */
  public int pendingCount() {
    return pending.size();
  }

  /** The partition left this worker: in-flight records of it are dropped, completions ignored. */
  public void revoke() {
    revoked = true;
  }

  /** Whether the partition left this worker since this ledger was made. */
  public boolean revoked() {
    return revoked;
  }

  @Override
  public String toString() {
    return partition + (revoked ? " (revoked)" : "");
  }
}

package io.gradstream.inference.worker.source;

/**
 * A frames-topic record as handed from the poll thread to the pipeline, with the ledger entry that
 * says when it is done.
 *
 * @param ledger the ledger of the record's partition for the assignment it was read in
 * @param offset the record's offset
 * @param key the Kafka key (the camera id), may be null for a record not written by ingest
 * @param value the serialized {@code FrameEnvelope}, may be null
 * @param receivedNanos {@link System#nanoTime()} when the poll returned it, for the queue-time
 *     metric
 * @param kafkaMicros the Kafka hop: the record's CreateTime to the poll returning it (wall clock),
 *     in microseconds; -1 when unknown (the record carries no CreateTime)
 */
public record InboundFrame(
    PartitionLedger ledger,
    long offset,
    String key,
    byte[] value,
    long receivedNanos,
    long kafkaMicros) {

  /** A record whose Kafka hop is unknown. */
  public InboundFrame(
      PartitionLedger ledger, long offset, String key, byte[] value, long receivedNanos) {
    this(ledger, offset, key, value, receivedNanos, -1);
  }

  /**
   * Everything this record caused is written, or it was dropped on purpose: its offset may be
   * committed.
   */
  public void done() {
    ledger.done(offset);
  }

  /**
   * Whether the record's partition left this worker, so the record must not be worked on any more.
   */
  public boolean revoked() {
    return ledger.revoked();
  }

  /** {@code topic-partition@offset}, for logs and dead-letter headers. */
  public String position() {
    return ledger.partition() + "@" + offset;
  }
}

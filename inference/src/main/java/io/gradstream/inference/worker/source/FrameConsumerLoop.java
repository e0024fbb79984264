package io.gradstream.inference.worker.source;

import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's frames consumer, on a thread of its own (a {@link KafkaConsumer} is
 * single-threaded): polls, hands each record to the pipeline without blocking, and commits per
 * partition the first offset not yet done ({@link PartitionLedger}) every {@code commitInterval}.
 *
 * <p>Rebalances: a partition leaving this worker first gets what is done committed, then its ledger
 * is revoked so in-flight frames of it are dropped (the new owner starts at the committed offset
 * and redoes them); a partition lost without a clean hand-over (session expired) is revoked without
 * a commit.
 *
 * <p>Stopping: the loop stops polling, runs {@code drain} (the pipeline finishes what it holds and
 * the writes are flushed), commits what is done and closes the consumer, which leaves the group at
 * once so the partitions move to the other workers without waiting for the session timeout.
 */
public final class FrameConsumerLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(FrameConsumerLoop.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** What the loop reports to the worker that runs it. */
  public interface Listener {
    /**
     * The partitions this worker holds changed; called first when it has joined the group (maybe
     * with none, when workers outnumber partitions).
     */
    void assignmentChanged(Collection<TopicPartition> held);

    /** The loop ended with an error it cannot recover from. */
    void failed(Throwable error);
  }

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final String topic;
  private final Consumer<InboundFrame> handoff;
  private final ConsumerMeters meters;
  private final Duration commitInterval;
  private final Runnable drain;
  private final Listener listener;
  private final OffsetLedger offsets = new OffsetLedger();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;
  private long nextCommitNanos;

  /**
   * @param consumer a consumer with auto-commit off, used by this loop's thread only
   * @param topic the frames topic
   * @param handoff takes each record; must not block
   * @param meters counts each consumed record and takes the lag, on this loop's thread
   * @param commitInterval how often offsets are committed while running
   * @param drain run after the last poll, before the final commit
   * @param listener told of joining and of failure
   */
  public FrameConsumerLoop(
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      String topic,
      Consumer<InboundFrame> handoff,
      ConsumerMeters meters,
      Duration commitInterval,
      Runnable drain,
      Listener listener) {
    this.consumer = consumer;
    this.topic = topic;
    this.handoff = handoff;
    this.meters = meters;
    this.commitInterval = commitInterval;
    this.drain = drain;
    this.listener = listener;
  }

  /** A consumer in {@code group} configured for the frames topic. */
  public static org.apache.kafka.clients.consumer.Consumer<String, byte[]> createConsumer(
      KafkaConnection connection,
      String group,
      String clientId,
      int maxMessageBytes,
      Map<String, Object> overrides) {
    return KafkaClients.consumer(
        connection, clientId, ConsumerSettings.tuning(group, maxMessageBytes, overrides));
  }

  @Override
  public void run() {
    Throwable failure = null;
    try {
      consumer.subscribe(List.of(topic), new Rebalance());
      nextCommitNanos = System.nanoTime() + commitInterval.toNanos();
      while (!stopping) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          continue; // stop() woke the poll; the loop condition decides
        }
        long polledMicros = records.isEmpty() ? 0 : KafkaHop.nowMicros();
        for (ConsumerRecord<String, byte[]> record : records) {
          PartitionLedger ledger =
              offsets.ledger(new TopicPartition(record.topic(), record.partition()));
          if (ledger == null) {
            continue; // revoked while this batch was fetched
          }
          ledger.received(record.offset());
          meters.frameIn(record.key());
          long hop = KafkaHop.micros(record.timestampType(), record.timestamp(), polledMicros);
          if (hop >= 0) {
            meters.kafkaHop(hop); // every consumed record, explained or dropped later
          }
          handoff.accept(
              new InboundFrame(
                  ledger, record.offset(), record.key(), record.value(), System.nanoTime(), hop));
        }
        meters.lag(lag());
        if (System.nanoTime() >= nextCommitNanos) {
          commitAsync();
          nextCommitNanos = System.nanoTime() + commitInterval.toNanos();
        }
      }
    } catch (Throwable e) {
      failure = e;
      log.error("event=consumer-failed error=\"{}\"", e.toString(), e);
    } finally {
      shutDown();
      stopped.countDown();
    }
    if (failure != null) {
      listener.failed(failure);
    }
  }

  private void shutDown() {
    try {
      drain.run();
    } catch (RuntimeException e) {
      log.warn("event=drain-failed error=\"{}\"", e.toString());
    }
    commitSync(offsets.toCommit(), "stop");
    try {
      consumer.close(CLOSE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("event=consumer-close-failed error=\"{}\"", e.toString());
    }
  }

  /**
   * Records behind the end of the held partitions, from what the last fetches said (no request of
   * its own); partitions whose end is not known yet count 0. Here because a consumer is used by one
   * thread only.
   */
  private long lag() {
    long behind = 0;
    for (TopicPartition partition : consumer.assignment()) {
      OptionalLong records = consumer.currentLag(partition);
      if (records.isPresent()) {
        behind += records.getAsLong();
      }
    }
    return behind;
  }

  /** Asks the loop to stop; returns at once. */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /** Waits until the loop has drained, committed and closed its consumer. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void commitAsync() {
    Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.toCommit();
    if (toCommit.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        toCommit,
        (committed, error) -> {
          if (error == null) {
            offsets.committed(committed); // runs on this thread, inside a later poll
          } else {
            // The next commit carries the same or later offsets; one failed commit loses nothing.
            log.warn("event=commit-failed offsets={} error=\"{}\"", toCommit, error.toString());
          }
        });
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> toCommit, String why) {
    if (toCommit.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(toCommit, CLOSE_TIMEOUT);
      offsets.committed(toCommit);
      log.info("event=offsets-committed on={} offsets={}", why, describe(toCommit));
    } catch (RuntimeException e) {
      log.warn(
          "event=commit-failed on={} offsets={} error=\"{}\"",
          why,
          describe(toCommit),
          e.toString());
    }
  }

  private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
    StringBuilder out = new StringBuilder();
    offsets.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::toString)))
        .forEach(
            e ->
                out.append(out.isEmpty() ? "" : ",")
                    .append(e.getKey().partition())
                    .append(':')
                    .append(e.getValue().offset()));
    return out.toString();
  }

  /** Rebalance callbacks; Kafka runs them on this loop's thread, inside poll(). */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      commitSync(offsets.toCommit(partitions), "revoke");
      offsets.revoked(partitions);
      log.info("event=partitions-revoked partitions={} held={}", partitions, offsets.held().size());
      listener.assignmentChanged(offsets.held());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Another worker may own them already: committing now could move its offsets backwards.
      offsets.revoked(partitions);
      log.warn("event=partitions-lost partitions={}", partitions);
      listener.assignmentChanged(offsets.held());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      offsets.assigned(partitions);
      log.info(
          "event=partitions-assigned partitions={} held={}", partitions, offsets.held().size());
      listener.assignmentChanged(offsets.held());
    }
  }
}

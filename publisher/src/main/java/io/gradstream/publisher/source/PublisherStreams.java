package io.gradstream.publisher.source;

import io.gradstream.common.deadletter.DeadLetterWriter;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.kafka.ReaderLoop;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.join.FrameJoiner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's two Kafka inputs. Frames are live video: every partition is read from its end,
 * with no group and no commits (latest wins, nothing is replayed). Detections are read in the
 * publishers' consumer group and committed only after the {@link DetectionsListener} (the alert
 * engine) has handled them, so an alert survives a publisher crash; a partition the group never
 * committed on is read from {@code firstStartLookback} back ({@link FirstStartLookback}). Both feed
 * the {@link FrameJoiner}. A record that does not decode goes to the dead-letter topic with the
 * reason (a detections record before its offset is committed, retried as {@link
 * RetryPolicies#deadLetterWrites()} says; a frame without waiting, frames being at-most-once), is
 * counted, and never stops a reader. An unexpected error of a reader (Kafka unreachable for longer
 * than a commit waits, say) is logged and the reader goes on after a pause ({@link
 * RetryPolicies#kafkaReader()}, in a {@link ReaderLoop}); meanwhile {@link #trouble()} says what is
 * wrong.
 */
public final class PublisherStreams implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublisherStreams.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(60);
  private static final RetryPolicy<Throwable> ALERT_WRITES = RetryPolicies.alertWrites();
  private static final RetryPolicy<Throwable> DEAD_LETTER_WRITES = RetryPolicies.deadLetterWrites();

  private final Consumer<String, byte[]> frames;
  private final Consumer<String, byte[]> detections;
  private final FrameJoiner joiner;
  private final DetectionsListener listener;
  private final ResumeWithRecall resume;
  private final DeadLetterWriter deadLetters;
  private final ReaderLoop framesLoop;
  private final ReaderLoop detectionsLoop;
  private final ScheduledExecutorService expiry;
  private final AtomicLong framesRead = new AtomicLong();
  private final AtomicLong detectionsRead = new AtomicLong();
  private final AtomicLong garbage = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final List<KafkaClientMetrics> clientMeters;

  /** Why the last detections could not be handled (alerts or dead letters not written), or null. */
  private volatile String handlingTrouble;

  private PublisherStreams(
      Consumer<String, byte[]> frames,
      Consumer<String, byte[]> detections,
      FrameJoiner joiner,
      DetectionsListener listener,
      DeadLetterWriter deadLetters,
      List<KafkaClientMetrics> clientMeters,
      ResumeWithRecall resume) {
    this.clientMeters = clientMeters;
    this.resume = resume;
    this.frames = frames;
    this.detections = detections;
    this.joiner = joiner;
    this.listener = listener;
    this.deadLetters = deadLetters;
    this.framesLoop =
        new ReaderLoop(
            "publisher-frames",
            "the viewer and streams get no new frames; restart the publisher",
            frames,
            this::readFrames);
    this.detectionsLoop =
        new ReaderLoop(
            "publisher-detections",
            "restart the publisher; uncommitted detections are read again",
            detections,
            this::readDetections);
    this.expiry =
        Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "gradstream-publisher-join-expiry"));
  }

  /**
   * Starts reading.
   *
   * @param deadLetters where records that do not decode go (not closed by the streams)
   * @param meters where both consumers' Kafka client metrics go until the streams are closed
   */
  public static PublisherStreams start(
      KafkaConnection connection,
      String framesTopic,
      String detectionsTopic,
      String consumerGroup,
      Duration firstStartLookback,
      FrameJoiner joiner,
      DetectionsListener listener,
      DeadLetterWriter deadLetters,
      MeterRegistry meters) {
    Consumer<String, byte[]> frames =
        KafkaClients.consumer(connection, "gradstream-publisher-frames", Map.of());
    List<TopicPartition> partitions =
        frames.partitionsFor(framesTopic).stream()
            .map(p -> new TopicPartition(framesTopic, p.partition()))
            .toList();
    frames.assign(partitions);
    frames.seekToEnd(partitions);
    // seekToEnd is lazy: resolved now, the reader starts at the end as of this start, so that
    // frames
    // written once start has returned are read (resolved at the first poll, they were skipped).
    partitions.forEach(frames::position);

    Consumer<String, byte[]> detections =
        KafkaClients.consumer(
            connection,
            "gradstream-publisher-detections",
            Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                consumerGroup,
                // A known group resumes from its committed offsets; FirstStartLookback moves a
                // partition it never committed on back in time, and "latest" is where such a
                // partition starts otherwise.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest"));
    ResumeWithRecall resume =
        new ResumeWithRecall(detections, new FirstStartLookback(detections, firstStartLookback));
    detections.subscribe(List.of(detectionsTopic), resume);

    deadLetters.register("publisher-frames");
    deadLetters.register("publisher-detections");
    List<KafkaClientMetrics> clientMeters =
        List.of(new KafkaClientMetrics(frames), new KafkaClientMetrics(detections));
    clientMeters.forEach(m -> m.bindTo(meters));
    PublisherStreams streams =
        new PublisherStreams(
            frames, detections, joiner, listener, deadLetters, clientMeters, resume);
    streams.framesLoop.start();
    streams.detectionsLoop.start();
    streams.expiry.scheduleWithFixedDelay(joiner::expire, 100, 100, TimeUnit.MILLISECONDS);
    return streams;
  }

  /** One poll of the frames; a frame that does not decode is dead-lettered without waiting. */
  private void readFrames() {
    for (ConsumerRecord<String, byte[]> record : frames.poll(POLL)) {
      try {
        joiner.onFrame(WireRecords.frame(record.value()));
        framesRead.incrementAndGet();
      } catch (UndecodableRecord e) {
        // Frames are at-most-once: a lost dead letter only logs.
        skipGarbage("publisher-frames", record, e.getMessage());
      }
    }
  }

  /**
   * One poll of the detections, committed up to the last record handled. A failure to commit (Kafka
   * away longer than a commit waits) leaves the loop to retry: the frames were handled, their
   * alerts written, the next commit covers them, and a crash before it only means they are read
   * again (alert ids dedupe).
   */
  private void readDetections() {
    ConsumerRecords<String, byte[]> batch = detections.poll(POLL);
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (TopicPartition partition : batch.partitions()) {
      for (ConsumerRecord<String, byte[]> record : batch.records(partition)) {
        if (resume.recalls(partition, record.offset())) {
          recall(record); // before the committed offset: not committed again
          continue;
        }
        if (!handle(record)) {
          // Read it again after a pause: an alert that could not be written must not be skipped.
          detections.seek(partition, record.offset());
          break;
        }
        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (!done.isEmpty()) {
      detections.commitSync(done);
      if (handlingTrouble != null) {
        log.info("event=publisher-detections-handling-recovered");
        handlingTrouble = null;
      }
    }
  }

  /** The frame of {@code explained}, waiting until {@code afterCapture} past its capture. */
  private Optional<FrameEnvelope> awaitFrame(ExplainedFrame explained, Duration afterCapture) {
    long ageMillis = System.currentTimeMillis() - explained.getCaptureTimeUnixMicros() / 1_000;
    Duration wait = afterCapture.minusMillis(Math.max(0, ageMillis));
    return joiner.awaitFrame(explained, wait.isNegative() ? Duration.ZERO : wait);
  }

  /**
   * Steps the alert rules with a record from before the committed offset; one that cannot be
   * decoded was dead-lettered the first time.
   */
  private void recall(ConsumerRecord<String, byte[]> record) {
    try {
      listener.recall(WireRecords.explained(record.value()));
    } catch (UndecodableRecord e) {
      // dead-lettered when it was first read
    }
  }

  /** Handles one record; false when it must be read again (alert or dead letter not written). */
  private boolean handle(ConsumerRecord<String, byte[]> record) {
    ExplainedFrame explained;
    try {
      explained = WireRecords.explained(record.value());
    } catch (UndecodableRecord e) {
      return deadLetterBeforeCommit(record, e.getMessage());
    }
    try {
      listener.onDetections(explained, afterCapture -> awaitFrame(explained, afterCapture));
    } catch (Exception e) {
      listenerFailures.incrementAndGet();
      Duration pause = ALERT_WRITES.retryAfter(1, e).orElseThrow();
      handlingTrouble = "alerts cannot be written: " + e.getMessage();
      log.warn(
          "camera={} seq={} event=detections-handling-failed error=\"{}\" policy={} next=\"retried in {} ms\"",
          explained.getCameraId(),
          explained.getSeq(),
          e.toString(),
          ALERT_WRITES.name(),
          pause.toMillis());
      sleep(pause);
      return false;
    }
    joiner.onDetections(explained);
    detectionsRead.incrementAndGet();
    return true;
  }

  /**
   * Writes an undecodable detections record to the dead-letter topic and waits for it; false to
   * read it again.
   */
  private boolean deadLetterBeforeCommit(ConsumerRecord<String, byte[]> record, String reason) {
    try {
      deadLetters
          .write("publisher-detections", record, reason)
          .get(DEAD_LETTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      garbage.incrementAndGet();
      return true;
    } catch (ExecutionException | TimeoutException e) {
      Throwable error = e instanceof ExecutionException ? e.getCause() : e;
      Duration pause = DEAD_LETTER_WRITES.retryAfter(1, error).orElseThrow();
      handlingTrouble = "dead letters cannot be written: " + error.getMessage();
      log.warn(
          "topic={} partition={} offset={} event=dead-letter-retry policy={} next=\"retried in {} ms\"",
          record.topic(),
          record.partition(),
          record.offset(),
          DEAD_LETTER_WRITES.name(),
          pause.toMillis());
      sleep(pause);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private void skipGarbage(String reader, ConsumerRecord<String, byte[]> record, String reason) {
    garbage.incrementAndGet();
    deadLetters.write(reader, record, reason);
  }

  /** Frames read so far. */
  public long framesRead() {
    return framesRead.get();
  }

  /** Explained frames read so far. */
  public long detectionsRead() {
    return detectionsRead.get();
  }

  /** Messages that did not decode (each sent to the dead-letter topic). */
  public long garbage() {
    return garbage.get();
  }

  /** Times the listener failed and its frame was read again. */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /** Unexpected reader errors (each followed by a pause and a retry). */
  public long readerErrors() {
    return framesLoop.errors() + detectionsLoop.errors();
  }

  /** What keeps the readers from working right now, or null when nothing does. */
  public String trouble() {
    String handling = handlingTrouble;
    if (handling != null) {
      return handling;
    }
    String detectionsReader = detectionsLoop.trouble();
    return detectionsReader != null ? detectionsReader : framesLoop.trouble();
  }

  /** Whether the detections reader is still running (it stops on an error it cannot skip). */
  public boolean healthy() {
    return detectionsLoop.running() && framesLoop.running();
  }

  @Override
  public void close() throws InterruptedException {
    expiry.shutdownNow();
    framesLoop.close();
    detectionsLoop.close();
    clientMeters.forEach(KafkaClientMetrics::close); // after the readers closed their consumers
  }
}

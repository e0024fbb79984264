package io.gradstream.publisher.source;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.join.FrameJoiner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's two Kafka inputs. Frames are live video: every partition is read from its end, with
 * no group and no commits (latest wins, nothing is replayed). Detections are read in the publishers'
 * consumer group and committed only after the {@link DetectionsListener} (the alert engine) has handled
 * them, so an alert survives a publisher crash. Both feed the {@link FrameJoiner}; a message that does
 * not parse is counted and logged, and never stops a reader.
 */
public final class PublisherStreams implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublisherStreams.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final KafkaConsumer<String, byte[]> frames;
  private final KafkaConsumer<String, byte[]> detections;
  private final FrameJoiner joiner;
  private final DetectionsListener listener;
  private final Thread framesThread;
  private final Thread detectionsThread;
  private final ScheduledExecutorService expiry;
  private final AtomicLong framesRead = new AtomicLong();
  private final AtomicLong detectionsRead = new AtomicLong();
  private final AtomicLong garbage = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final List<KafkaClientMetrics> clientMeters;
  private volatile boolean closing;

  private PublisherStreams(KafkaConsumer<String, byte[]> frames, KafkaConsumer<String, byte[]> detections,
      FrameJoiner joiner, DetectionsListener listener, List<KafkaClientMetrics> clientMeters) {
    this.clientMeters = clientMeters;
    this.frames = frames;
    this.detections = detections;
    this.joiner = joiner;
    this.listener = listener;
    this.framesThread = new Thread(this::readFrames, "gradstream-publisher-frames");
    this.detectionsThread = new Thread(this::readDetections, "gradstream-publisher-detections");
    this.expiry = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "gradstream-publisher-join-expiry"));
  }

  /**
   * Starts reading.
   *
   * @param clientConfig  extra Kafka client settings (security), applied to both consumers
   * @param meters        where both consumers' Kafka client metrics go until the streams are closed
   */
  public static PublisherStreams start(String bootstrapServers, String framesTopic, String detectionsTopic,
      String consumerGroup, Map<String, Object> clientConfig, FrameJoiner joiner, DetectionsListener listener,
      MeterRegistry meters) {
    Map<String, Object> base = new HashMap<>(clientConfig);
    base.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    base.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);

    Map<String, Object> frameConfig = new HashMap<>(base);
    frameConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "gradstream-publisher-frames");
    KafkaConsumer<String, byte[]> frames = new KafkaConsumer<>(frameConfig, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = frames.partitionsFor(framesTopic).stream()
        .map(p -> new TopicPartition(framesTopic, p.partition())).toList();
    frames.assign(partitions);
    frames.seekToEnd(partitions);

    Map<String, Object> detectionConfig = new HashMap<>(base);
    detectionConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "gradstream-publisher-detections");
    detectionConfig.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
    // A new group starts live; a known one resumes from its committed offsets.
    detectionConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    KafkaConsumer<String, byte[]> detections =
        new KafkaConsumer<>(detectionConfig, new StringDeserializer(), new ByteArrayDeserializer());
    detections.subscribe(List.of(detectionsTopic));

    List<KafkaClientMetrics> clientMeters = List.of(new KafkaClientMetrics(frames), new KafkaClientMetrics(detections));
    clientMeters.forEach(m -> m.bindTo(meters));
    PublisherStreams streams = new PublisherStreams(frames, detections, joiner, listener, clientMeters);
    streams.framesThread.start();
    streams.detectionsThread.start();
    streams.expiry.scheduleWithFixedDelay(joiner::expire, 100, 100, TimeUnit.MILLISECONDS);
    return streams;
  }

  private void readFrames() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : frames.poll(POLL)) {
          try {
            joiner.onFrame(FrameEnvelope.parseFrom(record.value()));
            framesRead.incrementAndGet();
          } catch (InvalidProtocolBufferException | NullPointerException e) {
            skipGarbage(record, e);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("event=publisher-frames-reader-failed error=\"{}\"", e.toString(), e);
    } finally {
      frames.close();
    }
  }

  private void readDetections() {
    try {
      while (!closing) {
        ConsumerRecords<String, byte[]> batch = detections.poll(POLL);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
          for (ConsumerRecord<String, byte[]> record : batch.records(partition)) {
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
        }
      }
    } catch (WakeupException | InterruptException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("event=publisher-detections-reader-failed error=\"{}\" next=\"restart the publisher; "
          + "uncommitted detections are read again\"", e.toString(), e);
    } finally {
      detections.close();
    }
  }

  /** Handles one record; false when the listener failed and the record must be read again. */
  private boolean handle(ConsumerRecord<String, byte[]> record) {
    ExplainedFrame explained;
    try {
      explained = ExplainedFrame.parseFrom(record.value());
    } catch (InvalidProtocolBufferException | NullPointerException e) {
      skipGarbage(record, e);
      return true;
    }
    try {
      listener.onDetections(explained, joiner.heldFrame(explained));
    } catch (Exception e) {
      listenerFailures.incrementAndGet();
      log.warn("camera={} seq={} event=detections-handling-failed error=\"{}\" next=\"retried in {} ms\"",
          explained.getCameraId(), explained.getSeq(), e.toString(), RETRY_PAUSE.toMillis());
      pause();
      return false;
    }
    joiner.onDetections(explained);
    detectionsRead.incrementAndGet();
    return true;
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private void skipGarbage(ConsumerRecord<String, byte[]> record, Exception e) {
    garbage.incrementAndGet();
    log.warn("topic={} partition={} offset={} event=garbage-message-skipped error=\"{}\"", record.topic(),
        record.partition(), record.offset(), e.getMessage());
  }

  /** Frames read so far. */
  public long framesRead() {
    return framesRead.get();
  }

  /** Explained frames read so far. */
  public long detectionsRead() {
    return detectionsRead.get();
  }

  /** Messages that did not parse. */
  public long garbage() {
    return garbage.get();
  }

  /** Times the listener failed and its frame was read again. */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /** Whether the detections reader is still running (it stops on an error it cannot skip). */
  public boolean healthy() {
    return detectionsThread.isAlive() && framesThread.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    expiry.shutdownNow();
    frames.wakeup();
    detections.wakeup();
    framesThread.join(10_000);
    detectionsThread.join(10_000);
    clientMeters.forEach(KafkaClientMetrics::close); // after the readers closed their consumers
  }
}

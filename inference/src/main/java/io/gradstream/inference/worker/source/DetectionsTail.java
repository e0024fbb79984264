package io.gradstream.inference.worker.source;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.track.MultiCameraTracker;
import io.gradstream.inference.track.TrackHandover;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a worker that starts following a camera finds the tracks the camera's previous worker left:
 * the newest records of the camera's partition of the detections topic (keyed by camera, so all of
 * a camera's frames are in one partition), read without a consumer group. A camera never followed
 * before has none, and a read that fails or takes too long gives none: the camera's tracks then
 * start over, as they did before handovers, and the worker goes on.
 *
 * <p>Not thread-safe: called on the worker's tracking thread only.
 */
public final class DetectionsTail implements MultiCameraTracker.HandoverSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DetectionsTail.class);

  /**
   * Records read back from the end of the partition: at 10 cameras a partition and 10 fps, the last
   * 2.5 s of each, which covers the tracks alive at the end and most recently lost ones.
   */
  static final int LOOKBACK_RECORDS = 256;

  private static final Duration READ_LIMIT = Duration.ofSeconds(2);

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final int maxAge;

  /**
   * @param overrides the worker's own consumer settings, but for its group
   * @param topic the detections topic
   * @param maxAge frames a lost track is kept ({@code TrackerConfig.maxAge})
   */
  public DetectionsTail(
      KafkaConnection connection,
      String clientId,
      int maxMessageBytes,
      Map<String, Object> overrides,
      String topic,
      int maxAge) {
    Map<String, Object> p = new HashMap<>(overrides);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxMessageBytes);
    this.consumer = KafkaClients.consumer(connection, clientId + "-handover", p);
    this.topic = topic;
    this.maxAge = maxAge;
  }

  @Override
  public Optional<TrackHandover> find(String cameraId, String session) {
    long started = System.nanoTime();
    try {
      List<ExplainedFrame> frames = read(cameraId, session);
      Optional<TrackHandover> found = HandoverFromFrames.of(frames, maxAge);
      found.ifPresent(
          h ->
              log.info(
                  "camera={} event=tracks-resumed tracks={} next_id={} from_seq={} read_ms={}",
                  cameraId,
                  h.tracks().size(),
                  h.nextId(),
                  h.seq(),
                  (System.nanoTime() - started) / 1_000_000));
      return found;
    } catch (KafkaException e) {
      log.warn(
          "camera={} event=tracks-not-resumed error=\"{}\": its tracks start over",
          cameraId,
          e.toString());
      return Optional.empty();
    }
  }

  private List<ExplainedFrame> read(String cameraId, String session) {
    long deadline = System.nanoTime() + READ_LIMIT.toNanos();
    int partitions = consumer.partitionsFor(topic, READ_LIMIT).size();
    if (partitions == 0) {
      return List.of();
    }
    // The producer's default partitioner, for a keyed record.
    byte[] key = cameraId.getBytes(StandardCharsets.UTF_8);
    TopicPartition tp =
        new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
    consumer.assign(List.of(tp));
    long end = consumer.endOffsets(List.of(tp), READ_LIMIT).get(tp);
    long begin = consumer.beginningOffsets(List.of(tp), READ_LIMIT).get(tp);
    consumer.seek(tp, Math.max(begin, end - LOOKBACK_RECORDS));
    List<ExplainedFrame> frames = new ArrayList<>();
    while (consumer.position(tp, READ_LIMIT) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
        if (!cameraId.equals(r.key()) || r.value() == null) {
          continue;
        }
        try {
          ExplainedFrame f = ExplainedFrame.parseFrom(r.value());
          if (f.getIngestSession().equals(session)) {
            frames.add(f);
          }
        } catch (InvalidProtocolBufferException e) {
          // Not ours to judge: the publisher dead-letters it. It only carries no tracks.
        }
      }
    }
    consumer.unsubscribe();
    return frames;
  }

  @Override
  public void close() {
    try {
      consumer.close(Duration.ofSeconds(1));
    } catch (RuntimeException e) {
      // A tracking thread that outlived its stop limit may still be reading: it is abandoned.
      log.warn("event=handover-reader-close-failed error=\"{}\"", e.toString());
    }
  }
}

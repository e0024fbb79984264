package io.gradstream.publisher.registry;

import io.gradstream.common.camera.RegistrationRecords;
import io.gradstream.common.camera.RegistrationTable;
import io.gradstream.common.deadletter.DeadLetterWriter;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.kafka.ReaderLoop;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.wire.CameraRegistration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered cameras as the publisher sees them: a read-only follower of the compacted registry
 * topic. It assigns every partition, reads from the beginning and keeps the latest registration per
 * camera id; a null value removes the camera, and a record that is not a registration ({@link
 * RegistrationRecords}) leaves the directory as it was and goes to the dead-letter topic with the
 * reason. An unexpected reader error (Kafka away for long) is retried as {@link
 * RetryPolicies#kafkaReader()} says. No consumer group and no commits: every publisher reads the
 * whole (small, compacted) topic, so a garbage record still in the topic is dead-lettered again by
 * each start. The publisher may run without the ingest role, so it cannot reuse ingest's read-write
 * registry.
 */
public final class CameraDirectory implements RegisteredCameras, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraDirectory.class);
  private static final Duration POLL = Duration.ofMillis(200);
  static final String READER_NAME = "camera-directory";

  private final String topic;
  private final Consumer<String, byte[]> consumer;
  private final ReaderLoop loop;
  private final KafkaClientMetrics clientMeters;
  private final DeadLetterWriter deadLetters;
  private final AtomicLong skipped = new AtomicLong();
  private final RegistrationTable cameras = new RegistrationTable();

  private CameraDirectory(
      String topic,
      Consumer<String, byte[]> consumer,
      KafkaClientMetrics clientMeters,
      DeadLetterWriter deadLetters) {
    this.clientMeters = clientMeters;
    this.deadLetters = deadLetters;
    if (deadLetters != null) {
      deadLetters.register(READER_NAME);
    }
    this.topic = topic;
    this.consumer = consumer;
    this.loop =
        consumer == null
            ? null
            : new ReaderLoop(
                "publisher-camera-directory",
                "camera status shows only cameras with frames; restart the publisher",
                consumer,
                ReaderLoop.Steps.of(
                    this::assignFromTheBeginning, () -> consumer.poll(POLL).forEach(this::apply)));
  }

  /**
   * Starts following {@code topic} from its beginning.
   *
   * @param deadLetters where records that are not registrations go (not closed by the directory)
   * @param meters where the consumer's Kafka client metrics go until the directory is closed
   */
  public static CameraDirectory start(
      KafkaConnection connection,
      String topic,
      DeadLetterWriter deadLetters,
      MeterRegistry meters) {
    Consumer<String, byte[]> consumer =
        KafkaClients.consumer(connection, "gradstream-publisher-camera-directory", Map.of());
    KafkaClientMetrics clientMeters = new KafkaClientMetrics(consumer);
    clientMeters.bindTo(meters);
    CameraDirectory directory = new CameraDirectory(topic, consumer, clientMeters, deadLetters);
    directory.loop.start();
    return directory;
  }

  @Override
  public List<CameraRegistration> cameras() {
    return cameras.list();
  }

  @Override
  public Optional<CameraRegistration> get(String cameraId) {
    return cameras.get(cameraId);
  }

  /** Whether the reader still follows the topic (it stops on an error it cannot skip). */
  @Override
  public boolean healthy() {
    return loop != null && loop.running();
  }

  private void assignFromTheBeginning() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("the camera registry topic " + topic + " does not exist");
    }
    List<TopicPartition> partitions =
        infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Applies one registry record: the latest registration wins, a null value removes, and anything
   * else is dead-lettered and changes nothing (the camera keeps its last good registration).
   */
  void apply(ConsumerRecord<String, byte[]> record) {
    RegistrationTable.Applied applied = cameras.apply(record.key(), record.value());
    if (applied.outcome() == RegistrationTable.Outcome.REJECTED) {
      skip(record, applied.reason());
    }
  }

  private void skip(ConsumerRecord<String, byte[]> record, String reason) {
    skipped.incrementAndGet();
    log.warn(
        "topic={} offset={} event=camera-directory-record-skipped reason=\"{}\"",
        topic,
        record.offset(),
        reason);
    if (deadLetters != null) {
      deadLetters.write(READER_NAME, record, reason);
    }
  }

  /** Records that were neither a registration nor a removal. */
  public long skipped() {
    return skipped.get();
  }

  /**
   * A directory that reads nothing, for tests of what is built on it; {@code deadLetters} may be
   * null.
   */
  static CameraDirectory detached(String topic, DeadLetterWriter deadLetters) {
    return new CameraDirectory(topic, null, null, deadLetters);
  }

  /** A directory that reads nothing and writes no dead letters. */
  static CameraDirectory detached(String topic) {
    return detached(topic, null);
  }

  @Override
  public void close() throws InterruptedException {
    if (loop != null) {
      loop.close();
    }
    if (clientMeters != null) {
      clientMeters.close();
    }
  }
}

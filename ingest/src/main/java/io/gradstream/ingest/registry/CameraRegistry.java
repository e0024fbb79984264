package io.gradstream.ingest.registry;

import io.gradstream.common.camera.RegistrationRecords;
import io.gradstream.common.camera.RegistrationTable;
import io.gradstream.common.deadletter.DeadLetterWriter;
import io.gradstream.common.kafka.Delivery;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.kafka.ReaderLoop;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.wire.CameraRegistration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera registry, kept in a compacted Kafka topic keyed by camera id (a null value removes a
 * camera). Every process reads the whole topic into memory and follows it, so a restart restores
 * the cameras and several ingest processes agree on the list. Writes complete only once this
 * process has read them back, so a caller sees its own change.
 *
 * <p>A record that is not a registration ({@link RegistrationRecords}) changes nothing and goes to
 * the dead-letter topic with the reason. Because compaction keeps only a key's latest record, a
 * garbage record would in time erase the camera's real registration from the topic: so once the
 * registry has caught up, it writes the camera's registration again (or a removal, for a key it
 * does not know) after garbage that is still a key's latest record. An unexpected reader error
 * (Kafka away for long) is retried as {@link RetryPolicies#kafkaReader()} says, and {@link
 * #trouble()} says so meanwhile.
 */
public final class CameraRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraRegistry.class);

  /** Told of every change, on the registry's reader thread; must not block. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param registration the camera's new registration, or null when it was removed
     */
    void changed(String cameraId, CameraRegistration registration);
  }

  private final String topic;
  private final Producer<String, byte[]> producer;
  private final Consumer<String, byte[]> consumer;
  private final List<KafkaClientMetrics> clientMeters;
  private final Listener listener;
  private final DeadLetterWriter deadLetters;

  /**
   * Keys whose latest record read is garbage, by its offset: repaired once the registry has caught
   * up.
   */
  private final Map<String, Long> garbageLatest = new HashMap<>();

  private final RegistrationTable cameras = new RegistrationTable();
  private final Map<TopicPartition, Long> readUpTo = new ConcurrentHashMap<>();
  private final List<PendingWrite> pending = new ArrayList<>();
  private final CompletableFuture<Void> restored = new CompletableFuture<>();
  private final ReaderLoop reader;
  // Set by the reader thread when it starts, read only by it.
  private List<TopicPartition> partitions = List.of();
  private Map<TopicPartition, Long> endAtStart = Map.of();

  private record PendingWrite(
      TopicPartition partition, long offset, CompletableFuture<Void> done) {}

  private CameraRegistry(
      KafkaConnection connection,
      String topic,
      String deadLetterTopic,
      Listener listener,
      MeterRegistry meters) {
    this.topic = topic;
    this.listener = listener;
    this.producer =
        KafkaClients.producer(
            connection,
            "gradstream-camera-registry",
            // Registrations must survive: they are the fleet's configuration.
            Delivery.IDEMPOTENT,
            Map.of(
                // Bounded, so an API call on a dead broker fails with a clear answer instead of
                // hanging for minutes.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    (int) RetryPolicies.REGISTRY_WRITE_TIMEOUT.toMillis())); // registry-writes
    this.consumer =
        KafkaClients.consumer(
            connection,
            "gradstream-camera-registry-reader",
            Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    this.deadLetters = new DeadLetterWriter(producer, false, deadLetterTopic, meters);
    deadLetters.register("camera-registry");
    this.clientMeters = List.of(new KafkaClientMetrics(producer), new KafkaClientMetrics(consumer));
    clientMeters.forEach(m -> m.bindTo(meters));
    this.reader =
        new ReaderLoop(
            "camera-registry",
            "cameras can no longer be registered or changed; restart ingest",
            consumer,
            ReaderLoop.Steps.of(this::assignFromTheBeginning, this::readOnce));
    reader
        .ended()
        .whenComplete(
            (closed, error) -> {
              if (error != null) {
                restored.completeExceptionally(error);
              }
            });
  }

  /**
   * Connects to the registry topic and starts reading it from the beginning; {@link #restored()}
   * completes once everything written before the start has been read. Its Kafka client metrics are
   * in {@code meters} until it is closed.
   *
   * @param deadLetterTopic where records that are not registrations go ({@code
   *     kafka.topics.dead-letter})
   */
  public static CameraRegistry start(
      KafkaConnection connection,
      String topic,
      String deadLetterTopic,
      Listener listener,
      MeterRegistry meters) {
    CameraRegistry registry =
        new CameraRegistry(connection, topic, deadLetterTopic, listener, meters);
    registry.reader.start();
    return registry;
  }

  /** Completes when the registry holds every registration written before it started. */
  public CompletableFuture<Void> restored() {
    return restored;
  }

  /** The registered cameras, ordered by id. */
  public List<CameraRegistration> list() {
    return cameras.list();
  }

  /** One camera's registration. */
  public Optional<CameraRegistration> get(String cameraId) {
    return cameras.get(cameraId);
  }

  /**
   * Adds or replaces a camera; completes once the write is durable and this process has read it
   * back.
   */
  public CompletableFuture<Void> put(CameraRegistration registration) {
    return write(registration.getId(), registration.toByteArray());
  }

  /** Removes a camera; completes once the removal is durable and this process has read it back. */
  public CompletableFuture<Void> remove(String cameraId) {
    return write(cameraId, null);
  }

  private CompletableFuture<Void> write(String cameraId, byte[] value) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, cameraId, value),
          (metadata, error) -> {
            if (error != null) {
              done.completeExceptionally(error);
            } else {
              awaitRead(
                  new PendingWrite(
                      new TopicPartition(metadata.topic(), metadata.partition()),
                      metadata.offset(),
                      done));
            }
          });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  private void awaitRead(PendingWrite write) {
    synchronized (pending) {
      if (readUpTo.getOrDefault(write.partition(), 0L) > write.offset()) {
        write.done().complete(null);
      } else {
        pending.add(write);
      }
    }
  }

  /** The partitions from the start; what they hold now is what {@link #restored()} waits for. */
  private void assignFromTheBeginning() {
    partitions = partitions();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    endAtStart = consumer.endOffsets(partitions);
  }

  private void readOnce() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      apply(record);
    }
    for (TopicPartition partition : partitions) {
      readUpTo.put(partition, consumer.position(partition));
    }
    completeReadWrites();
    if (!restored.isDone()
        && endAtStart.entrySet().stream().allMatch(e -> readUpTo.get(e.getKey()) >= e.getValue())) {
      log.info("event=camera-registry-restored cameras={}", cameras.size());
      restored.complete(null);
    }
    if (restored.isDone()) {
      repairGarbage();
    }
  }

  private List<TopicPartition> partitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "the camera registry topic "
              + topic
              + " does not exist: it is created at start "
              + "by `gradstream run`; check kafka.topics.cameras.name");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    RegistrationTable.Applied applied = cameras.apply(record.key(), record.value());
    String id = applied.cameraId();
    switch (applied.outcome()) {
      case REJECTED -> {
        skip(record, applied.reason());
        if (id != null) {
          garbageLatest.put(id, record.offset());
        }
      }
      case CHANGED, REMOVED -> {
        garbageLatest.remove(id);
        listener.changed(id, applied.registration());
      }
      case UNCHANGED, ABSENT -> garbageLatest.remove(id);
    }
  }

  private void skip(ConsumerRecord<String, byte[]> record, String reason) {
    log.warn(
        "event=camera-registry-record-skipped offset={} reason=\"{}\"", record.offset(), reason);
    deadLetters.write("camera-registry", record, reason);
  }

  /**
   * Writes the held registration again (or a removal) for every key whose latest record is garbage,
   * so that compaction keeps a good record for it. Runs on the reader thread once caught up, so a
   * later good record already read has cleared the key.
   */
  private void repairGarbage() {
    if (garbageLatest.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Long> entry : garbageLatest.entrySet()) {
      String id = entry.getKey();
      CameraRegistration held = cameras.get(id).orElse(null);
      log.warn(
          "camera={} garbage_offset={} event=camera-registry-repair action={}",
          id,
          entry.getValue(),
          held == null ? "removal" : "registration-rewritten");
      write(id, held == null ? null : held.toByteArray())
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  log.warn(
                      "camera={} event=camera-registry-repair-failed error=\"{}\" next=\"written again at the next start\"",
                      id,
                      error.toString());
                }
              });
    }
    garbageLatest.clear();
  }

  /** What keeps the registry from following its topic right now, or null when nothing does. */
  public String trouble() {
    return reader.trouble();
  }

  private void completeReadWrites() {
    synchronized (pending) {
      for (Iterator<PendingWrite> it = pending.iterator(); it.hasNext(); ) {
        PendingWrite write = it.next();
        if (readUpTo.getOrDefault(write.partition(), 0L) > write.offset()) {
          write.done().complete(null);
          it.remove();
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    clientMeters.forEach(KafkaClientMetrics::close);
    synchronized (pending) {
      pending.forEach(
          w -> w.done().completeExceptionally(new IllegalStateException("camera registry closed")));
      pending.clear();
    }
  }
}

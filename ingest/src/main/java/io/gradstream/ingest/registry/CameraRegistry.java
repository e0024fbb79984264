package io.gradstream.ingest.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.wire.CameraRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera registry, kept in a compacted Kafka topic keyed by camera id (a null value removes a
 * camera). Every process reads the whole topic into memory and follows it, so a restart restores the
 * cameras and several ingest processes agree on the list. Writes complete only once this process has
 * read them back, so a caller sees its own change.
 */
public final class CameraRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraRegistry.class);

  /** Told of every change, on the registry's reader thread; must not block. */
  @FunctionalInterface
  public interface Listener {
    /** @param registration the camera's new registration, or null when it was removed */
    void changed(String cameraId, CameraRegistration registration);
  }

  private final String topic;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<KafkaClientMetrics> clientMeters;
  private final Listener listener;
  private final Map<String, CameraRegistration> cameras = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> readUpTo = new ConcurrentHashMap<>();
  private final List<PendingWrite> pending = new ArrayList<>();
  private final CompletableFuture<Void> restored = new CompletableFuture<>();
  private final Thread reader;
  private volatile boolean closing;

  private record PendingWrite(TopicPartition partition, long offset, CompletableFuture<Void> done) {}

  private CameraRegistry(String bootstrapServers, String topic, Map<String, Object> clientProperties, Listener listener,
      MeterRegistry meters) {
    this.topic = topic;
    this.listener = listener;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "gradstream-camera-registry");
    p.put(ProducerConfig.ACKS_CONFIG, "all"); // registrations must survive: they are the fleet's configuration
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Bounded, so an API call on a dead broker fails with a clear answer instead of hanging for minutes.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) RetryPolicies.REGISTRY_WRITE_TIMEOUT.toMillis()); // registry-writes
    p.putAll(clientProperties);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "gradstream-camera-registry-reader");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putAll(clientProperties);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    this.clientMeters = List.of(new KafkaClientMetrics(producer), new KafkaClientMetrics(consumer));
    clientMeters.forEach(m -> m.bindTo(meters));
    this.reader = new Thread(this::follow, "gradstream-camera-registry");
    this.reader.setDaemon(true);
  }

  /**
   * Connects to the registry topic and starts reading it from the beginning; {@link #restored()}
   * completes once everything written before the start has been read. Its Kafka client metrics are in
   * {@code meters} until it is closed.
   */
  public static CameraRegistry start(String bootstrapServers, String topic, Map<String, Object> clientProperties,
      Listener listener, MeterRegistry meters) {
    CameraRegistry registry = new CameraRegistry(bootstrapServers, topic, clientProperties, listener, meters);
    registry.reader.start();
    return registry;
  }

  /** Completes when the registry holds every registration written before it started. */
  public CompletableFuture<Void> restored() {
    return restored;
  }

  /** The registered cameras, ordered by id. */
  public List<CameraRegistration> list() {
    return cameras.values().stream().sorted(Comparator.comparing(CameraRegistration::getId)).toList();
  }

  /** One camera's registration. */
  public Optional<CameraRegistration> get(String cameraId) {
    return Optional.ofNullable(cameras.get(cameraId));
  }

  /** Adds or replaces a camera; completes once the write is durable and this process has read it back. */
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
      producer.send(new ProducerRecord<>(topic, cameraId, value), (metadata, error) -> {
        if (error != null) {
          done.completeExceptionally(error);
        } else {
          awaitRead(new PendingWrite(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(), done));
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

  private void follow() {
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
        for (TopicPartition partition : partitions) {
          readUpTo.put(partition, consumer.position(partition));
        }
        completeReadWrites();
        if (!restored.isDone() && endAtStart.entrySet().stream().allMatch(e -> readUpTo.get(e.getKey()) >= e.getValue())) {
          log.info("event=camera-registry-restored cameras={}", cameras.size());
          restored.complete(null);
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        restored.completeExceptionally(e);
      }
    } catch (RuntimeException e) {
      log.error("event=camera-registry-reader-failed topic={}", topic, e);
      restored.completeExceptionally(e);
    } finally {
      consumer.close();
    }
  }

  private List<TopicPartition> partitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("the camera registry topic " + topic + " does not exist: it is created at start "
          + "by `gradstream run`; check kafka.topics.cameras.name");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String id = record.key();
    if (id == null) {
      log.warn("event=camera-registry-record-skipped reason=\"no key\" offset={}", record.offset());
      return;
    }
    if (record.value() == null) {
      if (cameras.remove(id) != null) {
        listener.changed(id, null);
      }
      return;
    }
    try {
      CameraRegistration registration = CameraRegistration.parseFrom(record.value());
      CameraRegistration previous = cameras.put(id, registration);
      if (!registration.equals(previous)) {
        listener.changed(id, registration);
      }
    } catch (InvalidProtocolBufferException e) {
      log.warn("event=camera-registry-record-skipped camera={} offset={} reason=\"not a CameraRegistration: {}\"",
          id, record.offset(), e.getMessage());
    }
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
    closing = true;
    consumer.wakeup();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    clientMeters.forEach(KafkaClientMetrics::close);
    synchronized (pending) {
      pending.forEach(w -> w.done().completeExceptionally(new IllegalStateException("camera registry closed")));
      pending.clear();
    }
  }
}

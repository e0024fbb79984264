package io.gradstream.app.bench.pipeline;

import io.gradstream.app.bench.LatencySummary;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.inference.worker.source.ConsumerSettings;
import io.gradstream.inference.worker.source.KafkaHop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Kafka hop alone, with nothing else competing for the cores: N synthetic cameras send real JPEG
 * frames through ingest's own producer to the embedded broker, and one consumer with the inference
 * worker's own settings reads them, recording each record's hop (CreateTime to poll) exactly as the
 * worker does. {@code bench pipeline} measures the same hop with the model running beside it.
 */
public final class KafkaHopBench {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long PROGRESS_MILLIS = 2_000;
  private static final double MIB = 1024.0 * 1024.0;

  /**
   * What to run.
   *
   * @param cameras  synthetic cameras
   * @param fps      frames per second per camera
   * @param warmup   run before the window opens
   * @param duration the window
   */
  public record Settings(int cameras, double fps, Duration warmup, Duration duration) {}

  /**
   * What one run measured, over the window.
   *
   * @param hop             the hop of every record polled in the window, in ms
   * @param records         records polled in the window
   * @param offered         frames the cameras sent in the window
   * @param megabytesPerSecond MiB of record values polled per second
   * @param coresBusy       this JVM's CPU time over the window / the window (broker, cameras, consumer)
   * @param otherCoresBusy  the rest of the machine's busy CPU over the window, in cores; null off Linux
   */
  public record Result(LatencySummary hop, long records, long offered, double megabytesPerSecond, double coresBusy,
      Double otherCoresBusy) {}

  private final Settings settings;
  private final JpegFramePool pool;
  private final Consumer<String> progress;

  /** A bench of {@code settings} whose cameras send the frames of {@code pool}. */
  public KafkaHopBench(Settings settings, JpegFramePool pool, Consumer<String> progress) {
    this.settings = settings;
    this.pool = pool;
    this.progress = progress;
  }

  /** Starts a fresh broker, runs the warm-up and the window, and stops everything. */
  public Result run() throws Exception {
    KafkaConfig kafka = new ConfigLoader(Map.of()).load(null).kafka();
    String topic = kafka.topics().frames().name();
    Path dir = Files.createTempDirectory("gradstream-bench-kafka");
    progress.accept("starting the broker");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedBrokerConfig(dir.toString(), 0, 0),
        kafka.maxMessageBytes())) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        TopicProvisioner.ensureTopics(admin, kafka.topics(), kafka.maxMessageBytes());
      }
      ExactLatencies hops = new ExactLatencies();
      AtomicBoolean measuring = new AtomicBoolean();
      AtomicLong records = new AtomicLong();
      AtomicLong bytes = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch assigned = new CountDownLatch(1);
      Thread reader = Thread.ofPlatform().name("bench-kafka-consumer").start(() -> read(broker.bootstrapServers(),
          topic, kafka.maxMessageBytes(), assigned, stop, measuring, hops, records, bytes));
      try {
        if (!assigned.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the consumer got no partitions of " + topic + " within 60 s");
        }
        try (SyntheticCameras cameras = SyntheticCameras.start(broker.bootstrapServers(), topic, kafka.maxMessageBytes(),
            pool, settings.cameras(), settings.fps());
            ProcessResources process = new ProcessResources()) {
          waitWithProgress("warm-up", settings.warmup(), records);
          long offeredAtStart = cameras.offered();
          long cpuAtStart = process.cpuNanos();
          MachineCpu machineAtStart = MachineCpu.now();
          long start = System.nanoTime();
          measuring.set(true);
          waitWithProgress("timed", settings.duration(), records);
          measuring.set(false);
          double seconds = (System.nanoTime() - start) / 1e9;
          double coresBusy = (process.cpuNanos() - cpuAtStart) / 1e9 / seconds;
          MachineCpu machineAtEnd = MachineCpu.now();
          Double other = machineAtStart == null || machineAtEnd == null ? null
              : Math.max(0, machineAtEnd.coresBusySince(machineAtStart, Runtime.getRuntime().availableProcessors())
                  - coresBusy);
          return new Result(hops.summary(), records.get(), cameras.offered() - offeredAtStart,
              bytes.get() / MIB / seconds, coresBusy, other);
        }
      } finally {
        stop.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  private void waitWithProgress(String phase, Duration length, AtomicLong records) throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(PROGRESS_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
      progress.accept(String.format(Locale.ROOT, "%s: %d records polled in the window so far", phase, records.get()));
    }
  }

  /** The consumer's loop: polls, stamps each record's hop, and counts while the window is open. */
  private static void read(String bootstrapServers, String topic, int maxMessageBytes, CountDownLatch assigned,
      AtomicBoolean stop, AtomicBoolean measuring, ExactLatencies hops, AtomicLong records, AtomicLong bytes) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ConsumerSettings.properties(bootstrapServers,
        "gradstream-bench-kafka", "gradstream-bench-kafka", maxMessageBytes, Map.of()),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            assigned.countDown();
          }
        }
      });
      while (!stop.get()) {
        var polled = consumer.poll(POLL);
        long polledMicros = KafkaHop.nowMicros();
        if (!measuring.get()) {
          continue;
        }
        for (ConsumerRecord<String, byte[]> r : polled) {
          long hop = KafkaHop.micros(r.timestampType(), r.timestamp(), polledMicros);
          if (hop >= 0) {
            hops.record(hop);
          }
          records.incrementAndGet();
          bytes.addAndGet(r.value() == null ? 0 : r.value().length);
        }
      }
    }
  }
}

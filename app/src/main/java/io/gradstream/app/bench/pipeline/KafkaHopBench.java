package io.gradstream.app.bench.pipeline;

import io.gradstream.app.bench.LatencySummary;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.inference.worker.source.ConsumerSettings;
import io.gradstream.inference.worker.source.KafkaHop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The Kafka hop alone, with nothing else competing for the cores: N synthetic cameras send real
 * JPEG frames through ingest's own producer to the embedded broker (or an existing one), and one
 * consumer with the inference worker's own settings reads them, recording each record's hop
 * (CreateTime to poll) exactly as the worker does. {@code bench pipeline} measures the same hop
 * with the model running beside it.
 */
public final class KafkaHopBench {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long PROGRESS_MILLIS = 2_000;
  private static final double MIB = 1024.0 * 1024.0;

  /**
   * Frames a second per camera while warming the JIT: far more than the machine can send, so it
   * sends flat out.
   */
  private static final double FLAT_OUT_FPS = 1_000;

  /** The JIT warm-up gives up after this long on a machine too slow to reach its record count. */
  private static final Duration JIT_WARMUP_LIMIT = Duration.ofMinutes(3);

  /**
   * The paced warm-up ends once the JIT compiled for at most {@link #JIT_QUIET_SHARE} of this span.
   */
  public static final Duration JIT_QUIET_SPAN = Duration.ofSeconds(10);

  /**
   * Compiling 1 % of the time is quiet: measured, the compiler fell from 25 % in the first seconds
   * paced to 0.3-1 % after 70-90 s; timed from there, the hop's p99 was 3.8-4.6 ms over 120 s
   * windows, against 5.8-6.2 ms over 30 s windows opened 5 s into the paced run.
   */
  public static final double JIT_QUIET_SHARE = 0.01;

  /**
   * What to run.
   *
   * @param cameras synthetic cameras
   * @param fps frames per second per camera
   * @param jitWarmupRecords frames sent flat out before the paced warm-up, so that the producer's,
   *     broker's and consumer's code is compiled as in a service that has run for minutes (at 100
   *     frames/s the JIT takes about two minutes to get there); 0 for none
   * @param warmup paced run before the window opens, at least; it goes on until the JIT is quiet
   *     (compiling at most {@link #JIT_QUIET_SHARE} of the last {@link #JIT_QUIET_SPAN})
   * @param warmupLimit the paced run's longest, JIT quiet or not
   * @param duration the window
   * @param phases when in the frame period each camera sends
   * @param bootstrapServers an existing broker to measure, or null for a fresh embedded one
   */
  public record Settings(
      int cameras,
      double fps,
      int jitWarmupRecords,
      Duration warmup,
      Duration warmupLimit,
      Duration duration,
      SyntheticCameras.Phases phases,
      String bootstrapServers) {}

  /**
   * What one run measured, over the window.
   *
   * @param hop the hop of every record polled in the window, in ms
   * @param records records polled in the window
   * @param offered frames the cameras sent in the window
   * @param megabytesPerSecond MiB of record values polled per second
   * @param coresBusy this JVM's CPU time over the window / the window (cameras, consumer, embedded
   *     broker)
   * @param otherCoresBusy the rest of the machine's busy CPU over the window, in cores; null off
   *     Linux
   * @param warmup how the paced warm-up ended
   * @param jitCompileMillisInWindow this JVM's JIT compilation time during the window, ms; null
   *     where the JVM does not report it. Not an external broker's, whose JIT this JVM cannot see
   */
  public record Result(
      LatencySummary hop,
      long records,
      long offered,
      double megabytesPerSecond,
      double coresBusy,
      Double otherCoresBusy,
      PacedWarmup warmup,
      Long jitCompileMillisInWindow) {}

  /**
   * The paced warm-up, as it ran.
   *
   * @param seconds how long it ran
   * @param jitBusyShare the JIT's compilation time per wall time over its last {@link
   *     #JIT_QUIET_SPAN}; null where the JVM does not report compilation time
   * @param jitQuiet whether the JIT was quiet when the window opened (false: the limit was reached
   *     first)
   */
  public record PacedWarmup(double seconds, Double jitBusyShare, boolean jitQuiet) {}

  private final Settings settings;
  private final JpegFramePool pool;
  private final Consumer<String> progress;

  /** A bench of {@code settings} whose cameras send the frames of {@code pool}. */
  public KafkaHopBench(Settings settings, JpegFramePool pool, Consumer<String> progress) {
    this.settings = settings;
    this.pool = pool;
    this.progress = progress;
  }

  /**
   * Runs the warm-ups and the window on a fresh embedded broker, or on {@link
   * Settings#bootstrapServers}'s broker in a topic of its own that is deleted afterwards, and stops
   * everything.
   */
  public Result run() throws Exception {
    KafkaConfig kafka = new ConfigLoader(Map.of()).load(null).kafka();
    if (settings.bootstrapServers() != null) {
      return runOnExistingBroker(settings.bootstrapServers(), kafka);
    }
    Path dir = Files.createTempDirectory("gradstream-bench-kafka");
    progress.accept("starting the broker");
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedBrokerConfig(dir.toString(), 0, 0), kafka.maxMessageBytes())) {
      try (Admin admin =
          KafkaClients.admin(
              KafkaConnection.plaintext(broker.bootstrapServers()),
              "gradstream-bench-kafka-admin",
              Map.of())) {
        TopicProvisioner.ensureTopics(admin, kafka.topics(), kafka.maxMessageBytes());
      }
      return measure(
          broker.bootstrapServers(), kafka.topics().frames().name(), kafka.maxMessageBytes());
    }
  }

  /** Never the frames topic of a running fleet: its workers would read the bench's frames. */
  private Result runOnExistingBroker(String bootstrapServers, KafkaConfig kafka) throws Exception {
    String topic = "gradstream.bench-kafka." + UUID.randomUUID();
    try (Admin admin =
        KafkaClients.admin(
            KafkaConnection.plaintext(bootstrapServers),
            "gradstream-bench-kafka-admin",
            Map.of())) {
      progress.accept("creating topic " + topic + " on " + bootstrapServers);
      admin
          .createTopics(
              List.of(
                  new NewTopic(
                          topic,
                          Optional.of(kafka.topics().frames().partitions()),
                          Optional.empty())
                      .configs(
                          Map.of(
                              TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                              Integer.toString(kafka.maxMessageBytes()),
                              TopicConfig.RETENTION_MS_CONFIG,
                              Long.toString(Duration.ofMinutes(10).toMillis())))))
          .all()
          .get(60, TimeUnit.SECONDS);
      try {
        return measure(bootstrapServers, topic, kafka.maxMessageBytes());
      } finally {
        admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
      }
    }
  }

  private Result measure(String bootstrapServers, String topic, int maxMessageBytes)
      throws Exception {
    ExactLatencies hops = new ExactLatencies();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicLong records = new AtomicLong();
    AtomicLong polled = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch assigned = new CountDownLatch(1);
    Thread reader =
        Thread.ofPlatform()
            .name("bench-kafka-consumer")
            .start(
                () ->
                    read(
                        bootstrapServers,
                        topic,
                        maxMessageBytes,
                        assigned,
                        stop,
                        measuring,
                        hops,
                        records,
                        bytes,
                        polled));
    try {
      if (!assigned.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "the consumer got no partitions of " + topic + " within 60 s");
      }
      warmJit(bootstrapServers, topic, maxMessageBytes, polled);
      try (SyntheticCameras cameras =
              SyntheticCameras.start(
                  bootstrapServers,
                  topic,
                  maxMessageBytes,
                  pool,
                  settings.cameras(),
                  settings.fps(),
                  settings.phases());
          ProcessResources process = new ProcessResources()) {
        JitActivity jit = JitActivity.ofThisJvm(JIT_QUIET_SPAN);
        PacedWarmup warmup = warmUntilJitQuiet(jit);
        Long jitAtStart = jit == null ? null : jit.compileMillis();
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
        Double other =
            machineAtStart == null || machineAtEnd == null
                ? null
                : Math.max(
                    0,
                    machineAtEnd.coresBusySince(
                            machineAtStart, Runtime.getRuntime().availableProcessors())
                        - coresBusy);
        return new Result(
            hops.summary(),
            records.get(),
            cameras.offered() - offeredAtStart,
            bytes.get() / MIB / seconds,
            coresBusy,
            other,
            warmup,
            jit == null ? null : jit.compileMillis() - jitAtStart);
      }
    } finally {
      stop.set(true);
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  /**
   * Sends {@link Settings#jitWarmupRecords} frames flat out through the same cameras' code and
   * waits until the consumer has polled them: without it the window would time code still running
   * in the interpreter (after a 5 s warm-up the hop read 4-5 times longer at p50 than after 10 000
   * records).
   */
  private void warmJit(
      String bootstrapServers, String topic, int maxMessageBytes, AtomicLong polled)
      throws InterruptedException {
    int target = settings.jitWarmupRecords();
    if (target <= 0) {
      return;
    }
    long from = polled.get();
    long deadline = System.nanoTime() + JIT_WARMUP_LIMIT.toNanos();
    SyntheticCameras flatOut =
        SyntheticCameras.start(
            bootstrapServers, topic, maxMessageBytes, pool, settings.cameras(), FLAT_OUT_FPS);
    try {
      awaitPolled(polled, from, target, deadline);
    } finally {
      flatOut.close();
    }
    // Those still in the producer's buffer arrive now; none of them may fall into the window.
    awaitPolled(polled, from, flatOut.offered(), deadline);
    flushToDisk();
  }

  /**
   * Writes the warm-up's records (about 850 MB at 10 000 frames) to disk now. Left dirty in the
   * page cache, the kernel writes them back 30 s later (vm.dirty_expire_centisecs), in the window,
   * where the writeback stalled the broker's appends and put 250 ms hops into one run.
   */
  private void flushToDisk() throws InterruptedException {
    try {
      Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
      if (!sync.waitFor(2, TimeUnit.MINUTES)) {
        sync.destroy();
        progress.accept(
            "JIT warm-up: sync did not finish in 2 minutes; its writeback may fall into the window");
      }
    } catch (IOException e) {
      progress.accept(
          "JIT warm-up: cannot run sync ("
              + e.getMessage()
              + "); its writeback may fall into the window");
    }
  }

  private void awaitPolled(AtomicLong polled, long from, long count, long deadlineNanos)
      throws InterruptedException {
    long lastPrinted = System.nanoTime();
    while (polled.get() - from < count && System.nanoTime() < deadlineNanos) {
      Thread.sleep(50);
      if (System.nanoTime() - lastPrinted >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS)) {
        lastPrinted = System.nanoTime();
        progress.accept(
            String.format(
                Locale.ROOT, "JIT warm-up: %d of %d records polled", polled.get() - from, count));
      }
    }
  }

  /**
   * Runs paced for at least {@link Settings#warmup}, then until the JIT is quiet or {@link
   * Settings#warmupLimit} has passed. Only this JVM's compiler is watched: with an external broker,
   * its JIT is its own business.
   */
  private PacedWarmup warmUntilJitQuiet(JitActivity jit) throws InterruptedException {
    long start = System.nanoTime();
    long minEnd = start + settings.warmup().toNanos();
    long limit = start + Math.max(settings.warmup().toNanos(), settings.warmupLimit().toNanos());
    long lastPrinted = start;
    double share = Double.NaN;
    if (jit != null) {
      jit.sample();
    }
    while (true) {
      long now = System.nanoTime();
      boolean quiet =
          jit == null || share <= JIT_QUIET_SHARE; // NaN (too few samples yet) is not quiet
      if (now >= limit || (now >= minEnd && quiet)) {
        double seconds = (now - start) / 1e9;
        Double reported = jit == null || Double.isNaN(share) ? null : share;
        if (jit != null && !quiet) {
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "warm-up: the JIT is still compiling (%s of the time) after %.0f s;"
                      + " timing anyway",
                  reported == null ? "unknown share" : JitActivity.percent(share),
                  seconds));
        }
        return new PacedWarmup(seconds, reported, jit != null && quiet);
      }
      Thread.sleep(Math.min(250, Math.max(1, TimeUnit.NANOSECONDS.toMillis(limit - now))));
      if (jit != null) {
        jit.sample();
        share = jit.busyShare();
      }
      if (System.nanoTime() - lastPrinted >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS)) {
        lastPrinted = System.nanoTime();
        progress.accept(
            String.format(
                Locale.ROOT,
                "warm-up: %.0f s paced; JIT compiling %s of the last %d s (quiet at %s)",
                (lastPrinted - start) / 1e9,
                Double.isNaN(share) ? "?" : JitActivity.percent(share),
                JIT_QUIET_SPAN.toSeconds(),
                JitActivity.percent(JIT_QUIET_SHARE)));
      }
    }
  }

  private void waitWithProgress(String phase, Duration length, AtomicLong records)
      throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(PROGRESS_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
      progress.accept(
          String.format(
              Locale.ROOT, "%s: %d records polled in the window so far", phase, records.get()));
    }
  }

  /** The consumer's loop: polls, stamps each record's hop, and counts while the window is open. */
  private static void read(
      String bootstrapServers,
      String topic,
      int maxMessageBytes,
      CountDownLatch assigned,
      AtomicBoolean stop,
      AtomicBoolean measuring,
      ExactLatencies hops,
      AtomicLong records,
      AtomicLong bytes,
      AtomicLong polledInAll) {
    try (org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer =
        KafkaClients.consumer(
            KafkaConnection.plaintext(bootstrapServers),
            "gradstream-bench-kafka",
            ConsumerSettings.tuning("gradstream-bench-kafka", maxMessageBytes, Map.of()))) {
      consumer.subscribe(
          List.of(topic),
          new ConsumerRebalanceListener() {
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
        polledInAll.addAndGet(polled.count());
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

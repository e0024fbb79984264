package io.gradstream.app.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.InferenceConfig;
import io.gradstream.common.config.TopicConfig;
import io.gradstream.common.config.TopicsConfig;
import io.gradstream.common.deadletter.DeadLetterHeaders;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.retry.BackoffPolicy;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.inference.image.JpegDecoder;
import io.gradstream.inference.worker.InferenceWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference worker against a real embedded KRaft broker: delivery, offset commits, stale
 * frames, dead letters and rebalancing between two workers in one group. Frames are real JPEGs
 * decoded by the test-only {@link ImageIoJpegDecoder}; the detector is the deterministic {@link
 * OnePersonDetector} (one box per frame), because these tests are about the worker, not the model.
 * Each test has its own topics and consumer group on the shared broker.
 */
class InferenceWorkerKafkaTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PARTITIONS = 6;
  @TempDir static Path dataDir;
  private static EmbeddedKafkaBroker broker;
  private static WorkerTestKit kit;
  private static final GradstreamConfig DEFAULTS = new ConfigLoader(Map.of()).load(null);
  private static final AtomicInteger testNumber = new AtomicInteger();
  private final List<InferenceWorker> workers = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedBrokerConfig(dataDir.toString(), 0, 0), DEFAULTS.kafka().maxMessageBytes());
    kit = new WorkerTestKit(broker.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (kit != null) {
      kit.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(InferenceWorker::close);
  }

  /** Fresh topics for one test: {@code tN.frames}, {@code tN.detections}, ... */
  private static TopicsConfig freshTopics() {
    String prefix = "t" + testNumber.incrementAndGet() + ".";
    TopicsConfig topics =
        new TopicsConfig(
            topic(prefix + "frames"),
            topic(prefix + "detections"),
            topic(prefix + "alerts"),
            topic(prefix + "cameras"),
            topic(prefix + "dead-letter"));
    TopicProvisioner.ensureTopics(kit.admin(), topics, DEFAULTS.kafka().maxMessageBytes());
    return topics;
  }

  private static TopicConfig topic(String name) {
    return new TopicConfig(name, name.endsWith("dead-letter") ? 1 : PARTITIONS, 600_000, "delete");
  }

  private static InferenceConfig inference(String group) {
    InferenceConfig d = DEFAULTS.inference();
    return new InferenceConfig(
        d.model(),
        d.labels(),
        d.inputSize(),
        d.confidenceThreshold(),
        d.iouThreshold(),
        d.executionProviders(),
        d.intraOpThreads(),
        d.maxFrameAgeMs(),
        d.batch(),
        group,
        d.explain());
  }

  private InferenceWorker worker(
      TopicsConfig topics,
      String group,
      SimpleMeterRegistry meters,
      UnaryOperator<InferenceWorker.Builder> customize) {
    InferenceWorker.Builder builder =
        InferenceWorker.builder()
            .kafka(KafkaConnection.plaintext(broker.bootstrapServers()))
            .topics(topics)
            .inference(inference(group))
            .detector(new OnePersonDetector(0))
            .jpegDecoder(new ImageIoJpegDecoder())
            .meterRegistry(meters)
            .commitInterval(Duration.ofMillis(200))
            // The tests' topics are new and frames may be written before the worker holds the
            // partition.
            .consumerProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    InferenceWorker worker = customize.apply(builder).start();
    workers.add(worker);
    return worker;
  }

  private static void awaitJoined(InferenceWorker worker) {
    await().atMost(WAIT).until(() -> worker.notReadyReason() == null);
  }

  @Test
  void everyFrameGetsItsDetectionsKeyedByCameraAndOffsetsAreCommittedAfterward() throws Exception {
    TopicsConfig topics = freshTopics();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    InferenceWorker worker = worker(topics, "g-flow", meters, b -> b);
    awaitJoined(worker);

    for (int seq = 1; seq <= 10; seq++) {
      kit.sendFrame(topics.frames().name(), "gate", seq);
      kit.sendFrame(topics.frames().name(), "lobby", seq);
    }

    List<ConsumerRecord<String, byte[]>> records =
        kit.readUntil(topics.detections().name(), WAIT, r -> r.size() >= 20);
    assertThat(records).hasSize(20);
    Map<String, List<ExplainedFrame>> byCamera = new java.util.TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      ExplainedFrame frame = ExplainedFrame.parseFrom(r.value());
      assertThat(r.key()).as("keyed by camera id").isEqualTo(frame.getCameraId());
      byCamera.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(frame);
    }
    assertThat(byCamera.keySet()).containsExactly("gate", "lobby");
    for (List<ExplainedFrame> frames : byCamera.values()) {
      assertThat(frames)
          .extracting(ExplainedFrame::getSeq)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      assertThat(frames)
          .extracting(f -> f.getDetections(0).getTrackId())
          .containsExactly(0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L);
      ExplainedFrame f = frames.get(0);
      assertThat(f.getWorkerId()).isEqualTo(worker.workerId());
      assertThat(f.getModelId()).isEqualTo("one-person@test");
      assertThat(f.getIngestSession()).isEqualTo("test-session");
      assertThat(f.getWidth()).isEqualTo(64);
      assertThat(f.getHeight()).isEqualTo(48);
      assertThat(f.getDetections(0).getLabel()).isEqualTo("person");
      assertThat(f.getDetections(0).getBox().getX1()).isEqualTo(24f);
      assertThat(f.getTimings().getBatchSize())
          .isBetween(1, DEFAULTS.inference().batch().maxSize());
      assertThat(f.getTimings().getDecodeMicros()).isPositive();
    }

    Map<Integer, Long> end = kit.endOffsets(topics.frames().name(), PARTITIONS);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(kit.committed("g-flow", topics.frames().name())).isEqualTo(end));
    for (String camera : List.of("gate", "lobby")) {
      assertThat(meters.get("gradstream.inference.frames").tag("camera", camera).counter().count())
          .as(camera)
          .isEqualTo(10);
      assertThat(
              meters.get("gradstream.inference.frames.out").tag("camera", camera).counter().count())
          .as(camera)
          .isEqualTo(10);
      assertThat(
              meters.get("gradstream.inference.detections").tag("camera", camera).counter().count())
          .as(camera)
          .isEqualTo(10);
    }
  }

  @Test
  void staleFramesAndUndecodableRecordsAreCommittedTheBadOnesDeadLetteredAndTheStreamGoesOn()
      throws Exception {
    TopicsConfig topics = freshTopics();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    InferenceWorker worker = worker(topics, "g-bad", meters, b -> b);
    awaitJoined(worker);
    String frames = topics.frames().name();

    // All keyed "gate": one partition, in this order, so the good frame's commit must pass the bad
    // ones.
    long tenSecondsAgo = WorkerTestKit.nowMicros() - 10_000_000;
    kit.send(
        frames, "gate", WorkerTestKit.envelope("gate", 1, tenSecondsAgo, WorkerTestKit.jpeg(1)));
    byte[] garbage =
        "this is not a protobuf frame \u0000\u00ff\u00fe"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    RecordMetadata garbageAt = kit.send(frames, "gate", garbage);
    byte[] corrupt = WorkerTestKit.jpeg(3);
    java.util.Arrays.fill(
        corrupt, 2, corrupt.length, (byte) 0x5a); // keeps the JPEG start marker, destroys the rest
    kit.send(frames, "gate", WorkerTestKit.envelope("gate", 3, WorkerTestKit.nowMicros(), corrupt));
    RecordMetadata last = kit.sendFrame(frames, "gate", 4);

    List<ExplainedFrame> detections =
        kit.detections(topics.detections().name(), WAIT, f -> !f.isEmpty());
    assertThat(detections).extracting(ExplainedFrame::getSeq).containsExactly(4L);

    List<ConsumerRecord<String, byte[]>> dead =
        kit.readUntil(topics.deadLetter().name(), WAIT, r -> r.size() >= 2);
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0).value()).as("the record as it came").isEqualTo(garbage);
    assertThat(dead.get(0).key()).isEqualTo("gate");
    assertThat(WorkerTestKit.header(dead.get(0), DeadLetterHeaders.REASON))
        .startsWith("not a FrameEnvelope");
    assertThat(WorkerTestKit.header(dead.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(frames);
    assertThat(WorkerTestKit.header(dead.get(0), DeadLetterHeaders.SOURCE_PARTITION))
        .isEqualTo(Integer.toString(garbageAt.partition()));
    assertThat(WorkerTestKit.header(dead.get(0), DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo(Long.toString(garbageAt.offset()));
    assertThat(WorkerTestKit.header(dead.get(0), DeadLetterHeaders.WORKER))
        .isEqualTo(worker.workerId());
    assertThat(WorkerTestKit.header(dead.get(1), DeadLetterHeaders.REASON))
        .startsWith("corrupt JPEG");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kit.committed("g-bad", frames))
                    .containsEntry(last.partition(), last.offset() + 1));
    assertThat(
            meters
                .get("gradstream.inference.frames.dropped")
                .tag("reason", "stale")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("gradstream.inference.frames.dropped")
                .tag("reason", "undecodable")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(worker.failure()).isEmpty();
  }

  @Test
  void
      truncatedCorruptAndOversizedJpegsAreDeadLetteredWithTheirReasonByTheRealDecoderAndTheStreamGoesOn()
          throws Exception {
    TopicsConfig topics = freshTopics();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // The production decoder (OpenCV), and a pixel limit just above the test frames' 64x48 = 3072
    // pixels.
    InferenceConfig small = withMaxFramePixels(inference("g-bad-jpeg"), 4_096);
    InferenceWorker worker =
        worker(
            topics, "g-bad-jpeg", meters, b -> b.inference(small).jpegDecoder(JpegDecoder::decode));
    awaitJoined(worker);
    String frames = topics.frames().name();

    byte[] whole = WorkerTestKit.jpeg(1);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    byte[] garbage = new byte[2_000];
    new java.util.Random(8).nextBytes(garbage);
    garbage[0] = (byte) 0xFF; // starts like a JPEG, the rest is noise
    garbage[1] = (byte) 0xD8;
    byte[] oversized = WorkerTestKit.jpeg(80, 60); // 4800 pixels, though the envelope says 64x48
    byte[] declaresHuge =
        FrameEnvelope.parseFrom(
                WorkerTestKit.envelope("gate", 4, WorkerTestKit.nowMicros(), WorkerTestKit.jpeg(4)))
            .toBuilder()
            .setWidth(65_535)
            .setHeight(65_535)
            .build()
            .toByteArray();
    // One camera, one partition, in this order: each bad record is followed by more work for the
    // worker.
    kit.send(
        frames, "gate", WorkerTestKit.envelope("gate", 1, WorkerTestKit.nowMicros(), truncated));
    kit.send(frames, "gate", WorkerTestKit.envelope("gate", 2, WorkerTestKit.nowMicros(), garbage));
    kit.send(
        frames, "gate", WorkerTestKit.envelope("gate", 3, WorkerTestKit.nowMicros(), oversized));
    kit.send(frames, "gate", declaresHuge);
    kit.sendFrame(frames, "gate", 5);
    RecordMetadata last = kit.sendFrame(frames, "gate", 6);

    List<ExplainedFrame> detections =
        kit.detections(topics.detections().name(), WAIT, f -> f.size() >= 2);
    assertThat(detections).extracting(ExplainedFrame::getSeq).containsExactly(5L, 6L);
    List<ConsumerRecord<String, byte[]>> dead =
        kit.readUntil(topics.deadLetter().name(), WAIT, r -> r.size() >= 4);
    assertThat(dead)
        .extracting(r -> WorkerTestKit.header(r, DeadLetterHeaders.REASON))
        .satisfiesExactly(
            r -> assertThat(r).startsWith("corrupt JPEG").contains("truncated JPEG"),
            r -> assertThat(r).startsWith("corrupt JPEG"),
            r ->
                assertThat(r)
                    .startsWith("frame too large")
                    .contains("80x60")
                    .contains("inference.max-frame-pixels"),
            r -> assertThat(r).startsWith("frame too large").contains("declares 65535x65535"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kit.committed("g-bad-jpeg", frames))
                    .containsEntry(last.partition(), last.offset() + 1));
    assertThat(
            meters
                .get("gradstream.inference.frames.dropped")
                .tag("reason", "undecodable")
                .counter()
                .count())
        .isEqualTo(4);
    assertThat(worker.failure()).isEmpty();
  }

  private static InferenceConfig withMaxFramePixels(InferenceConfig c, long maxFramePixels) {
    return new InferenceConfig(
        c.model(),
        c.labels(),
        c.inputSize(),
        c.confidenceThreshold(),
        c.iouThreshold(),
        c.executionProviders(),
        c.intraOpThreads(),
        c.maxFrameAgeMs(),
        c.batch(),
        c.consumerGroup(),
        c.explain(),
        maxFramePixels);
  }

  @Test
  void anOffsetIsNeverCommittedPastAFrameWhoseDetectionsWereNotWrittenAndTheNextWorkerRedoesIt()
      throws Exception {
    TopicsConfig topics = freshTopics();
    // The first worker writes to a detections topic that does not exist (the broker does not create
    // topics on demand), so every write fails; a quick policy gives up after two attempts.
    TopicsConfig broken =
        new TopicsConfig(
            topics.frames(),
            topic("no-such-detections-topic"),
            topics.alerts(),
            topics.cameras(),
            topics.deadLetter());
    RetryPolicy<Throwable> quick =
        RetryPolicies.workerWrites()
            .withMaxAttempts(2)
            .withBackoff(new BackoffPolicy(new BackoffConfig(100, 100, 1.0, 0)));
    RecordMetadata first = kit.sendFrame(topics.frames().name(), "gate", 1);
    kit.sendFrame(topics.frames().name(), "gate", 2);
    kit.sendFrame(topics.frames().name(), "gate", 3);

    // Frames written before the workers start must not turn stale while they wait: allow a minute.
    InferenceConfig patient = withMaxFrameAge(inference("g-fail"), 60_000);
    InferenceWorker failing =
        worker(
            broken,
            "g-fail",
            new SimpleMeterRegistry(),
            b ->
                b.inference(patient)
                    .deliveryRetry(quick)
                    .producerProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000));
    await().atMost(WAIT).until(() -> failing.failure().isPresent());
    assertThat(failing.notReadyReason()).startsWith("inference worker stopped");
    failing.close();
    assertThat(kit.committed("g-fail", topics.frames().name()).getOrDefault(first.partition(), 0L))
        .as("nothing past the unwritten first frame is committed")
        .isLessThanOrEqualTo(first.offset());

    InferenceWorker next =
        worker(topics, "g-fail", new SimpleMeterRegistry(), b -> b.inference(patient));
    List<ExplainedFrame> redone =
        kit.detections(topics.detections().name(), WAIT, f -> f.size() >= 3);
    assertThat(redone).extracting(ExplainedFrame::getSeq).containsExactly(1L, 2L, 3L);
    assertThat(redone).allSatisfy(f -> assertThat(f.getWorkerId()).isEqualTo(next.workerId()));
  }

  private static InferenceConfig withMaxFrameAge(InferenceConfig c, long maxFrameAgeMs) {
    return new InferenceConfig(
        c.model(),
        c.labels(),
        c.inputSize(),
        c.confidenceThreshold(),
        c.iouThreshold(),
        c.executionProviders(),
        c.intraOpThreads(),
        maxFrameAgeMs,
        c.batch(),
        c.consumerGroup(),
        c.explain());
  }

  @Test
  void twoWorkersInOneGroupShareThePartitionsAndTheSurvivorTakesOverWhenOneStops()
      throws Exception {
    TopicsConfig topics = freshTopics();
    String frames = topics.frames().name();
    // Frames are not dropped as stale however slow a loaded machine makes the workers; any other
    // drop
    // (backpressure) is counted and accounted for below.
    InferenceConfig patient = withMaxFrameAge(inference("g-share"), 120_000);
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    InferenceWorker a =
        worker(topics, "g-share", metersA, x -> x.workerId("worker-a").inference(patient));
    awaitJoined(a);
    InferenceWorker b =
        worker(topics, "g-share", metersB, x -> x.workerId("worker-b").inference(patient));
    await()
        .atMost(WAIT)
        .until(
            () ->
                !a.heldPartitions().isEmpty()
                    && !b.heldPartitions().isEmpty()
                    && a.heldPartitions().size() + b.heldPartitions().size() == PARTITIONS);

    // Twelve cameras at 5 fps each, for as long as the test runs: a live stream.
    List<String> cameras =
        java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "cam-" + i).toList();
    AtomicBoolean streaming = new AtomicBoolean(true);
    AtomicInteger seq = new AtomicInteger();
    Thread camerasThread =
        new Thread(
            () -> {
              while (streaming.get()) {
                int s = seq.incrementAndGet();
                cameras.forEach(c -> kit.sendFrame(frames, c, s));
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "test-cameras");
    camerasThread.start();
    try {
      List<ExplainedFrame> shared =
          kit.detections(
              topics.detections().name(),
              WAIT,
              f ->
                  f.stream().map(ExplainedFrame::getWorkerId).distinct().count() == 2
                      && f.size() >= 60);
      assertThat(shared).extracting(ExplainedFrame::getWorkerId).contains("worker-a", "worker-b");
      // A camera is on one partition, so exactly one worker does it.
      Map<String, Set<String>> workersPerCamera =
          shared.stream()
              .collect(
                  Collectors.groupingBy(
                      ExplainedFrame::getCameraId,
                      Collectors.mapping(ExplainedFrame::getWorkerId, Collectors.toSet())));
      assertThat(workersPerCamera.values()).allSatisfy(w -> assertThat(w).hasSize(1));

      a.close();
      int seqAtStop = seq.get();
      long stoppedAt = System.nanoTime();
      List<ExplainedFrame> after =
          kit.detections(
              topics.detections().name(),
              WAIT,
              f ->
                  cameras.stream()
                      .allMatch(
                          c ->
                              f.stream()
                                  .anyMatch(
                                      x ->
                                          x.getCameraId().equals(c)
                                              && x.getSeq() > seqAtStop + 2)));
      double takeoverSeconds = (System.nanoTime() - stoppedAt) / 1e9;
      Set<String> continued = new HashSet<>();
      after.stream()
          .filter(f -> f.getSeq() > seqAtStop + 2)
          .forEach(
              f -> {
                continued.add(f.getCameraId());
                assertThat(f.getWorkerId()).isEqualTo("worker-b");
              });
      assertThat(continued)
          .as("every camera's stream goes on")
          .containsExactlyInAnyOrderElementsOf(cameras);
      assertThat(takeoverSeconds).as("the survivor took over within 15 s").isLessThan(15);
      assertThat(b.heldPartitions()).hasSize(PARTITIONS);

      // Nothing is lost silently across the handover: every frame of every camera has its
      // detections
      // (duplicates allowed: at-least-once) unless a worker counted it as dropped on purpose.
      streaming.set(false);
      camerasThread.join();
      int lastSeq = seq.get();
      List<ExplainedFrame> all =
          kit.detections(
              topics.detections().name(),
              WAIT,
              f ->
                  cameras.stream()
                      .allMatch(
                          c ->
                              f.stream()
                                  .anyMatch(
                                      x -> x.getCameraId().equals(c) && x.getSeq() == lastSeq)));
      long missing = 0;
      for (String camera : cameras) {
        long distinct =
            all.stream()
                .filter(f -> f.getCameraId().equals(camera))
                .mapToLong(ExplainedFrame::getSeq)
                .distinct()
                .count();
        missing += lastSeq - distinct;
      }
      double dropped = dropped(metersA) + dropped(metersB);
      assertThat((double) missing)
          .as("frames without detections vs frames the workers dropped on purpose")
          .isLessThanOrEqualTo(dropped);
      Map<Integer, Long> end = kit.endOffsets(frames, PARTITIONS);
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(kit.committed("g-share", frames)).isEqualTo(end));
    } finally {
      streaming.set(false);
      camerasThread.join();
    }
  }

  /** Frames a worker dropped on purpose (stale, backpressure, undecodable), over every reason. */
  private static double dropped(SimpleMeterRegistry meters) {
    return meters.find("gradstream.inference.frames.dropped").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}

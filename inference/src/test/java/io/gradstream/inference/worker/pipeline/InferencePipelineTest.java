package io.gradstream.inference.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.track.MultiCameraTracker;
import io.gradstream.inference.track.TrackerConfig;
import io.gradstream.inference.worker.metrics.WorkerMetrics;
import io.gradstream.inference.worker.source.InboundFrame;
import io.gradstream.inference.worker.source.PartitionLedger;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Reactor pipeline without Kafka: records go in through {@link InferencePipeline#offer},
 * results come out in a {@link CollectingSink}. The detector is the deterministic {@link
 * BoxDetector} (one box per frame) and the "JPEG" decoder a stand-in ({@link TestFrames}); the real
 * ones are tested where they live.
 */
class InferencePipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final WorkerMetrics metrics = new WorkerMetrics(meters);
  private final PartitionLedger p0 =
      new PartitionLedger(new TopicPartition("gradstream.frames", 0));
  private final PartitionLedger p1 =
      new PartitionLedger(new TopicPartition("gradstream.frames", 1));
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private InferencePipeline pipeline;

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.close(Duration.ofSeconds(2));
    }
    assertThat(failure.get()).as("the pipeline itself never fails").isNull();
  }

  private InferencePipeline start(
      BoxDetector detector, CollectingSink sink, int batch, long maxWaitMs, int queue) {
    PipelineSettings settings =
        new PipelineSettings(Duration.ofSeconds(2), batch, Duration.ofMillis(maxWaitMs), queue, 2);
    pipeline =
        new InferencePipeline(
                detector,
                TestFrames.decoder(),
                new MultiCameraTracker(TrackerConfig.defaults(), Duration.ofMinutes(5)),
                new ExplainedFrameBuilder(detector.modelId(), "worker-a"),
                sink,
                metrics,
                settings,
                Clock.systemUTC(),
                failure::set)
            .start();
    return pipeline;
  }

  private static long nowMicros() {
    return System.currentTimeMillis() * 1_000;
  }

  @Test
  void framesOfTwoCamerasAreBatchedTogetherTrackedInOrderAndCommittedOnceWritten() {
    BoxDetector detector = new BoxDetector().slow(30);
    CollectingSink sink = new CollectingSink(false);
    start(detector, sink, 4, 50, 100);

    for (int i = 1; i <= 12; i++) {
      // Each camera's person walks right 5 px a frame; the cameras are on different partitions.
      pipeline.offer(
          TestFrames.record(
              p0, i - 1, "gate", TestFrames.envelope("gate", i, nowMicros(), 10 + 5 * i)));
      pipeline.offer(
          TestFrames.record(
              p1, i - 1, "lobby", TestFrames.envelope("lobby", i, nowMicros(), 300 - 5 * i)));
    }

    await().atMost(WAIT).until(() -> sink.explained.size() == 24);
    Map<String, List<ExplainedFrame>> byCamera =
        sink.explained.stream().collect(Collectors.groupingBy(ExplainedFrame::getCameraId));
    for (List<ExplainedFrame> frames : byCamera.values()) {
      assertThat(frames)
          .extracting(ExplainedFrame::getSeq)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
      assertThat(frames)
          .extracting(f -> f.getDetections(0).getTrackId())
          .as("tentative for two frames, then one stable id")
          .containsExactly(0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L);
    }
    ExplainedFrame first = byCamera.get("gate").get(0);
    assertThat(first.getModelId()).isEqualTo("box-detector@test");
    assertThat(first.getWorkerId()).isEqualTo("worker-a");
    assertThat(first.getIngestSession()).isEqualTo("session-gate");
    assertThat(first.getWidth()).isEqualTo(TestFrames.SIZE);
    assertThat(first.getDetections(0).getLabel()).isEqualTo("person");
    assertThat(first.getDetections(0).getBox().getX1()).isEqualTo(15f);
    assertThat(sink.explained)
        .allSatisfy(
            f -> {
              assertThat(f.getTimings().getBatchSize()).isBetween(1, 4);
              assertThat(f.getTimings().getTotalMicros()).isPositive();
              assertThat(f.getTimings().getInferenceMicros()).isGreaterThanOrEqualTo(30_000);
            });
    assertThat(detector.batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 4));
    assertThat(detector.batchSizes)
        .as("frames queue up behind a 30 ms detector, so batches fill")
        .contains(4);
    assertThat(detector.threads).allSatisfy(t -> assertThat(t).startsWith("gradstream-detect"));
    assertThat(p0.committable()).hasValue(12);
    assertThat(p1.committable()).hasValue(12);
    assertThat(
            meters.get("gradstream.inference.detections").tag("camera", "gate").counter().count())
        .isEqualTo(12);
    assertThat(
            meters.get("gradstream.inference.detections").tag("camera", "lobby").counter().count())
        .isEqualTo(12);
    assertThat(meters.get("gradstream.inference.batch.size").summary().max()).isEqualTo(4);
  }

  @Test
  void staleFramesAreDroppedCountedAndCommitted() {
    CollectingSink sink = new CollectingSink(false);
    start(new BoxDetector(), sink, 4, 5, 100);

    long fiveSecondsAgo = nowMicros() - 5_000_000;
    pipeline.offer(
        TestFrames.record(p0, 0, "gate", TestFrames.envelope("gate", 1, fiveSecondsAgo, 10)));
    pipeline.offer(
        TestFrames.record(p0, 1, "gate", TestFrames.envelope("gate", 2, fiveSecondsAgo, 10)));
    pipeline.offer(
        TestFrames.record(p0, 2, "gate", TestFrames.envelope("gate", 3, nowMicros(), 10)));

    await().atMost(WAIT).until(() -> p0.committable().getAsLong() == 3);
    assertThat(sink.explained).extracting(ExplainedFrame::getSeq).containsExactly(3L);
    assertThat(metrics.droppedCount(DropReason.STALE)).isEqualTo(2);
  }

  @Test
  void undecodableRecordsGoToTheDeadLetterSinkWithTheReasonAndTheStreamGoesOn() {
    CollectingSink sink = new CollectingSink(false);
    start(new BoxDetector(), sink, 4, 5, 100);

    pipeline.offer(
        TestFrames.record(p0, 0, "gate", "garbage, not protobuf \u0000\u00ff".getBytes()));
    pipeline.offer(
        TestFrames.record(
            p0, 1, "gate", TestFrames.frame("gate", 2, nowMicros(), new byte[] {1, 2, 3})));
    pipeline.offer(TestFrames.record(p0, 2, "gate", null));
    pipeline.offer(
        TestFrames.record(p0, 3, "gate", TestFrames.envelope("gate", 4, nowMicros(), 10)));

    await().atMost(WAIT).until(() -> p0.committable().getAsLong() == 4);
    assertThat(sink.deadLetters).extracting(d -> d.record().offset()).containsExactly(0L, 1L, 2L);
    assertThat(sink.deadLetters.get(0).reason()).startsWith("not a FrameEnvelope");
    assertThat(sink.deadLetters.get(1).reason()).isEqualTo("corrupt JPEG: not a JPEG: bad marker");
    assertThat(sink.deadLetters.get(2).reason()).startsWith("empty record");
    assertThat(sink.explained).extracting(ExplainedFrame::getSeq).containsExactly(4L);
    assertThat(metrics.droppedCount(DropReason.UNDECODABLE)).isEqualTo(3);
  }

  @Test
  void whenTheDetectorFallsBehindTheOldestFramesAreDroppedAndTheNewestStillArrive() {
    BoxDetector detector = new BoxDetector().slow(150);
    CollectingSink sink = new CollectingSink(false);
    start(detector, sink, 2, 5, 4);

    int frames = 60;
    for (int i = 0; i < frames; i++) {
      pipeline.offer(
          TestFrames.record(p0, i, "gate", TestFrames.envelope("gate", i + 1, nowMicros(), 10)));
    }

    await().atMost(WAIT).until(() -> p0.committable().getAsLong() == frames);
    double dropped = metrics.droppedCount(DropReason.BACKPRESSURE);
    assertThat(dropped)
        .as("a 150 ms detector cannot keep up with 60 frames at once")
        .isGreaterThan(40);
    assertThat(sink.explained.size() + dropped).isEqualTo(frames);
    assertThat(sink.explained)
        .extracting(ExplainedFrame::getSeq)
        .as("latest wins")
        .contains((long) frames);
    assertThat(sink.explained).extracting(ExplainedFrame::getSeq).isSorted();
  }

  @Test
  void aDetectorFailureDropsItsBatchAndTheNextBatchesGoOn() {
    BoxDetector detector = new BoxDetector().failOnCall(0);
    CollectingSink sink = new CollectingSink(false);
    start(detector, sink, 1, 1, 100);

    pipeline.offer(
        TestFrames.record(p0, 0, "gate", TestFrames.envelope("gate", 1, nowMicros(), 10)));
    await().atMost(WAIT).until(() -> p0.committable().getAsLong() == 1);
    pipeline.offer(
        TestFrames.record(p0, 1, "gate", TestFrames.envelope("gate", 2, nowMicros(), 10)));

    await().atMost(WAIT).until(() -> p0.committable().getAsLong() == 2);
    assertThat(sink.explained).extracting(ExplainedFrame::getSeq).containsExactly(2L);
    assertThat(metrics.droppedCount(DropReason.DETECTOR_ERROR)).isEqualTo(1);
  }

  @Test
  void anOffsetIsCommittableOnlyOnceItsWriteAndAllBeforeItAreAcknowledged() {
    CollectingSink sink = new CollectingSink(true);
    start(new BoxDetector(), sink, 4, 5, 100);

    for (int i = 0; i < 3; i++) {
      pipeline.offer(
          TestFrames.record(p0, i, "gate", TestFrames.envelope("gate", i + 1, nowMicros(), 10)));
    }
    await().atMost(WAIT).until(() -> sink.heldAcks.size() == 3);
    assertThat(p0.committable()).as("nothing acknowledged yet").hasValue(0);
    sink.heldAcks.get(2).run();
    sink.heldAcks.get(1).run();
    assertThat(p0.committable()).as("offset 0 still unwritten").hasValue(0);
    sink.heldAcks.get(0).run();
    assertThat(p0.committable()).hasValue(3);
  }

  @Test
  void framesOfARevokedPartitionAreDroppedWithoutBeingWrittenOrCompleted() {
    CollectingSink sink = new CollectingSink(false);
    start(new BoxDetector(), sink, 4, 5, 100);

    InboundFrame inFlight =
        TestFrames.record(p1, 0, "lobby", TestFrames.envelope("lobby", 1, nowMicros(), 10));
    p1.revoke();
    pipeline.offer(inFlight);
    pipeline.offer(
        TestFrames.record(p0, 0, "gate", TestFrames.envelope("gate", 1, nowMicros(), 10)));

    await().atMost(WAIT).until(() -> p0.committable().getAsLong() == 1);
    assertThat(sink.explained).extracting(ExplainedFrame::getCameraId).containsExactly("gate");
    assertThat(metrics.droppedCount(DropReason.REVOKED)).isEqualTo(1);
    assertThat(p1.committable()).hasValue(0);
  }

  @Test
  void everyProducedDetectionAddsOneExplanationConfidenceObservationAndCountsUnderItsCamera() {
    CollectingSink sink = new CollectingSink(false);
    start(new BoxDetector().explained(0.42f), sink, 4, 5, 100);

    for (int i = 1; i <= 5; i++) {
      pipeline.offer(
          TestFrames.record(p0, i - 1, "gate", TestFrames.envelope("gate", i, nowMicros(), 10)));
    }
    // A record without a key and without a readable envelope: nothing says which camera it is.
    pipeline.offer(TestFrames.record(p1, 0, null, "garbage".getBytes()));

    await()
        .atMost(WAIT)
        .until(() -> p0.committable().getAsLong() == 5 && p1.committable().getAsLong() == 1);
    String scrape = meters.scrape();
    assertThat(scrape)
        .as("one observation per detection: five frames of one person")
        .contains("gradstream_inference_explanation_confidence_ratio_count{method=\"gradcam\"} 5")
        .contains(
            "gradstream_inference_explanation_confidence_ratio_bucket{method=\"gradcam\",le=\"0.4\"} 0")
        .contains(
            "gradstream_inference_explanation_confidence_ratio_bucket{method=\"gradcam\",le=\"0.45\"} 5");
    assertThat(
            meters.get("gradstream.inference.frames.out").tag("camera", "gate").counter().count())
        .isEqualTo(5);
    assertThat(
            meters
                .get("gradstream.inference.frames.dropped")
                .tags("camera", "unknown", "reason", "undecodable")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void theKafkaHopOfEachRecordTravelsInItsTimings() {
    CollectingSink sink = new CollectingSink(false);
    start(new BoxDetector(), sink, 1, 1, 100);

    p0.received(0);
    pipeline.offer(
        new InboundFrame(
            p0,
            0,
            "gate",
            TestFrames.envelope("gate", 1, nowMicros(), 10),
            System.nanoTime(),
            3_456));
    // A record whose hop is unknown (no CreateTime) says 0.
    pipeline.offer(
        TestFrames.record(p0, 1, "gate", TestFrames.envelope("gate", 2, nowMicros(), 15)));

    await().atMost(WAIT).until(() -> sink.explained.size() == 2);
    assertThat(sink.explained)
        .extracting(f -> f.getTimings().getKafkaMicros())
        .containsExactly(3_456L, 0L);
  }
}

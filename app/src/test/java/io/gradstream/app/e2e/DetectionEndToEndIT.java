package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.app.runtime.InferenceBindings;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection end to end with the real model: a Debian RTSP server looping vtest.avi -> a gradstream
 * runtime running ingest with the embedded broker -> two more runtimes running only {@code
 * inference} against that broker, in one consumer group, with the real ONNX YOLOv5s detector -> the
 * detections topic. Then the worker doing the camera is closed mid-stream and the other must take
 * over.
 *
 * <p>Needs the demo model ({@code ./scripts/setup.sh} imports it to
 * ~/.cache/gradstream/models/yolov5s.onnx), {@code opencv-doc} (vtest.avi) and {@code
 * rtsp-server-perl}.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DetectionEndToEndIT {
  private static final String CAMPUS = "campus";

  /** The detector and decoder under test: gradstream's own. */
  private static final InferenceBindings BINDINGS = InferenceBindings.real();

  private static final Path DEMO_MODEL =
      Path.of(System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s.onnx");
  @TempDir static Path dataDir;
  static LoopingRtspServer rtsp;
  static GradstreamRuntime hub;
  static GradstreamRuntime workerA;
  static GradstreamRuntime workerB;
  static DetectionsTopic detections;

  @BeforeAll
  static void start() {
    assertThat(DEMO_MODEL)
        .as("the demo model; run ./scripts/setup.sh to import it")
        .isRegularFile();
    rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), CAMPUS);
    // 5 fps: the CPU model takes about 130 ms a frame on two cores, and the whole pipeline shares
    // them.
    GradstreamConfig ingest =
        TestConfigs.ingest(
            dataDir.resolve("kafka"),
            List.of(new CameraConfig(CAMPUS, rtsp.url(), 5.0, 85, null, null)));
    hub = GradstreamRuntime.start(ingest, BINDINGS);
    workerA = GradstreamRuntime.start(inferenceOnly(ingest, hub.bootstrapServers()), BINDINGS);
    workerB = GradstreamRuntime.start(inferenceOnly(ingest, hub.bootstrapServers()), BINDINGS);
    detections =
        new DetectionsTopic(hub.bootstrapServers(), ingest.kafka().topics().detections().name());
  }

  /** A runtime of only the inference role, joining the cluster at {@code bootstrapServers}. */
  private static GradstreamConfig inferenceOnly(GradstreamConfig base, String bootstrapServers) {
    KafkaConfig k = base.kafka();
    return new GradstreamConfig(
        List.of("inference"),
        new KafkaConfig(bootstrapServers, k.embedded(), k.topics(), k.maxMessageBytes()),
        new HttpConfig("127.0.0.1", 0),
        base.ingest(),
        base.inference(),
        base.publisher(),
        List.of());
  }

  @AfterAll
  static void stop() {
    if (detections != null) detections.close();
    if (workerB != null) workerB.close();
    if (workerA != null) workerA.close();
    if (hub != null) hub.close();
    if (rtsp != null) rtsp.close();
  }

  @Test
  @Order(1)
  void peopleWalkingInTheCampusFootageArriveAsTrackedPersonDetections() throws Exception {
    List<ExplainedFrame> frames =
        detections.awaitAll(
            Duration.ofSeconds(120),
            seen ->
                seen.stream().filter(f -> f.getCameraId().equals(CAMPUS) && hasPerson(f)).count()
                    >= 20);

    List<ExplainedFrame> withPeople =
        frames.stream().filter(f -> f.getCameraId().equals(CAMPUS) && hasPerson(f)).toList();
    assertThat(withPeople)
        .as("frames of vtest.avi with a person found")
        .hasSizeGreaterThanOrEqualTo(20);
    for (ExplainedFrame f : withPeople) {
      assertThat(f.getWidth()).isEqualTo(768);
      assertThat(f.getHeight()).isEqualTo(576);
      assertThat(f.getModelId()).contains("yolov5s");
      assertThat(f.getWorkerId()).isIn(workerA.inferenceWorkerId(), workerB.inferenceWorkerId());
      assertThat(f.getIngestSession()).isNotBlank();
      assertThat(f.getTimings().getInferenceMicros()).isPositive();
      assertThat(f.getTimings().getBatchSize()).isPositive();
      assertThat(f.getTimings().getExplainMicros()).as("explaining is on by default").isPositive();
      for (Detection d : f.getDetectionsList()) {
        assertThat(d.getScore()).isBetween(0.25f, 1f);
        // Every detection carries its Grad-CAM map, a greyscale PNG of its head level's size.
        assertThat(d.getCam().getMethod()).isEqualTo("hirescam");
        assertThat(d.getQuality().hasReliability())
            .as("setup fits the reliability model beside the demo model")
            .isTrue();
        assertThat(d.getQuality().getReliability()).isBetween(0f, 1f);
        assertThat(d.getCam().getEncoding()).isEqualTo("png");
        var map =
            javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(d.getCam().getData().toByteArray()));
        assertThat(map.getWidth()).isEqualTo(d.getCam().getWidth()).isIn(80, 40, 20);
        assertThat(map.getHeight()).isEqualTo(d.getCam().getHeight());
        assertThat(d.getCam().getStride() * d.getCam().getWidth()).isEqualTo(640);
        // In source pixels (768x576), not model-input pixels; a box may reach a little past the
        // edge.
        assertThat(d.getBox().getX1()).isBetween(-40f, 768f);
        assertThat(d.getBox().getY1()).isBetween(-30f, 576f);
        assertThat(d.getBox().getX2()).isGreaterThan(d.getBox().getX1()).isLessThanOrEqualTo(808f);
        assertThat(d.getBox().getY2()).isGreaterThan(d.getBox().getY1()).isLessThanOrEqualTo(606f);
      }
    }
    // Pedestrians walk through several frames: some person track must last at least five of them.
    Map<Long, Long> framesPerTrack =
        withPeople.stream()
            .flatMap(f -> f.getDetectionsList().stream())
            .filter(d -> d.getLabel().equals("person") && d.getTrackId() != 0)
            .collect(Collectors.groupingBy(Detection::getTrackId, Collectors.counting()));
    assertThat(framesPerTrack.values())
        .as("frames per person track %s", framesPerTrack)
        .anyMatch(n -> n >= 5);
  }

  @Test
  @Order(2)
  void whenTheWorkerDoingTheCameraIsClosedMidStreamTheOtherTakesOverWithin15Seconds()
      throws Exception {
    List<ExplainedFrame> before =
        detections.awaitAll(Duration.ofSeconds(30), seen -> !seen.isEmpty());
    ExplainedFrame latest = before.get(before.size() - 1);
    GradstreamRuntime busy =
        latest.getWorkerId().equals(workerA.inferenceWorkerId()) ? workerA : workerB;
    GradstreamRuntime survivor = busy == workerA ? workerB : workerA;
    String survivorId = survivor.inferenceWorkerId();
    long seqAtKill =
        before.stream()
            .filter(f -> f.getCameraId().equals(CAMPUS))
            .mapToLong(ExplainedFrame::getSeq)
            .max()
            .orElseThrow();

    long killedAt = System.nanoTime();
    busy.close();

    List<ExplainedFrame> afterTakeover =
        detections.awaitAll(
            Duration.ofSeconds(15),
            seen ->
                seen.stream()
                    .anyMatch(f -> f.getWorkerId().equals(survivorId) && f.getSeq() > seqAtKill));
    double seconds = (System.nanoTime() - killedAt) / 1e9;
    assertThat(afterTakeover)
        .as("detections of new frames from the surviving worker within 15 s")
        .anyMatch(f -> f.getWorkerId().equals(survivorId) && f.getSeq() > seqAtKill);
    assertThat(seconds).isLessThan(15.0);

    // And the stream goes on: ten more new frames, in order, from the survivor.
    List<ExplainedFrame> later =
        detections.awaitAll(
            Duration.ofSeconds(60),
            seen ->
                seen.stream()
                        .filter(f -> f.getWorkerId().equals(survivorId) && f.getSeq() > seqAtKill)
                        .count()
                    >= 10);
    List<Long> seqs =
        later.stream()
            .filter(f -> f.getWorkerId().equals(survivorId) && f.getSeq() > seqAtKill)
            .map(ExplainedFrame::getSeq)
            .toList();
    assertThat(seqs).hasSizeGreaterThanOrEqualTo(10).isSorted();

    // Tracks survive the move: the survivor resumes the closed worker's tracks from the frames it
    // wrote, so people it followed keep their ids, and the survivor's new tracks never reuse one.
    String busyId = latest.getWorkerId();
    List<ExplainedFrame> byBusy =
        later.stream()
            .filter(f -> f.getCameraId().equals(CAMPUS) && f.getWorkerId().equals(busyId))
            .sorted(java.util.Comparator.comparingLong(ExplainedFrame::getSeq))
            .toList();
    ExplainedFrame lastByBusy = byBusy.get(byBusy.size() - 1);
    Set<Long> leftAlive = trackIds(byBusy.subList(Math.max(0, byBusy.size() - 5), byBusy.size()));
    List<ExplainedFrame> bySurvivor =
        later.stream()
            .filter(
                f ->
                    f.getCameraId().equals(CAMPUS)
                        && f.getWorkerId().equals(survivorId)
                        && f.getSeq() > lastByBusy.getSeq())
            .sorted(java.util.Comparator.comparingLong(ExplainedFrame::getSeq))
            .limit(10)
            .toList();
    assertThat(bySurvivor)
        .as(
            "the survivor never gives an id the closed worker gave: its next ids go on from %d",
            lastByBusy.getNextTrackId())
        .isNotEmpty()
        .allMatch(f -> f.getNextTrackId() >= lastByBusy.getNextTrackId());
    // Each track's length as the closed worker last wrote it.
    Map<Long, Integer> busyLengths = new java.util.HashMap<>();
    for (ExplainedFrame f : byBusy) {
      for (Detection d : f.getDetectionsList()) {
        busyLengths.put(d.getTrackId(), d.getTrackFrames());
      }
    }
    assertThat(bySurvivor.stream().flatMap(f -> f.getDetectionsList().stream()))
        .as("a person the closed worker followed goes on with its id and its length")
        .anyMatch(
            d ->
                leftAlive.contains(d.getTrackId())
                    && d.getTrackFrames() > busyLengths.get(d.getTrackId()));
  }

  private static Set<Long> trackIds(List<ExplainedFrame> frames) {
    return frames.stream()
        .flatMap(f -> f.getDetectionsList().stream())
        .map(Detection::getTrackId)
        .filter(id -> id != 0)
        .collect(Collectors.toSet());
  }

  private static boolean hasPerson(ExplainedFrame frame) {
    return frame.getDetectionsList().stream().anyMatch(d -> d.getLabel().equals("person"));
  }
}

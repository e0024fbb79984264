package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline: a Debian RTSP server looping vtest.avi -> gradstream ingest -> the embedded
 * KRaft broker -> a test consumer; and the camera REST API driven over HTTP while it runs.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RtspIngestIT {
  private static final String CAMPUS = "campus";
  @TempDir static Path dataDir;
  static LoopingRtspServer rtsp;
  static GradstreamRuntime gradstream;
  static HttpApi api;
  static FramesTopic frames;
  static String framesTopic;

  @BeforeAll
  static void start() {
    rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), CAMPUS);
    // File cameras may lie only under ingest.file-roots: /nonexistent holds the missing-file case
    // below.
    GradstreamConfig config =
        TestConfigs.withFileRoots(
            TestConfigs.ingest(
                dataDir.resolve("kafka"),
                List.of(new CameraConfig(CAMPUS, rtsp.url(), 10.0, 85, null, null))),
            "/nonexistent");
    gradstream = GradstreamRuntime.start(config);
    api = HttpApi.of(gradstream);
    framesTopic = config.kafka().topics().frames().name();
    frames = new FramesTopic(gradstream.bootstrapServers(), framesTopic);
  }

  @AfterAll
  static void stop() {
    if (frames != null) frames.close();
    if (gradstream != null) gradstream.close();
    if (rtsp != null) rtsp.close();
  }

  @Test
  @Order(1)
  void framesFromTheRtspCameraArriveInKafkaAsOrderedDecodableJpegs() throws Exception {
    List<FrameEnvelope> received = frames.await(CAMPUS, 0, 25, Duration.ofSeconds(60));

    assertThat(received).hasSize(25);
    for (int i = 0; i < received.size(); i++) {
      FrameEnvelope frame = received.get(i);
      assertThat(frame.getCameraId()).isEqualTo(CAMPUS);
      assertThat(frame.getEncoding()).isEqualTo(FrameEncoding.FRAME_ENCODING_JPEG);
      assertThat(frame.getWidth()).isEqualTo(768);
      assertThat(frame.getHeight()).isEqualTo(576);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame.getData().toByteArray()));
      assertThat(image).as("frame %d decodes as JPEG", frame.getSeq()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(768);
      assertThat(image.getHeight()).isEqualTo(576);
      if (i > 0) {
        FrameEnvelope previous = received.get(i - 1);
        assertThat(frame.getSeq()).isGreaterThan(previous.getSeq());
        assertThat(frame.getCaptureTimeUnixMicros())
            .isGreaterThan(previous.getCaptureTimeUnixMicros());
      }
    }
    JsonNode status = api.cameraStatus(CAMPUS);
    assertThat(status.path("state").asText()).isEqualTo("STREAMING");
    assertThat(status.path("width").asInt()).isEqualTo(768);
  }

  @Test
  @Order(2)
  void cameraBacksOffWhenTheRtspServerDiesAndResumesWhenItReturns() throws Exception {
    awaitState(CAMPUS, "STREAMING");
    long reconnectsBefore = api.cameraStatus(CAMPUS).path("reconnects").asLong();

    rtsp.kill();
    awaitState(CAMPUS, "BACKOFF");
    JsonNode down = api.cameraStatus(CAMPUS);
    assertThat(down.path("last_error").asText()).isNotBlank();
    long seqWhenDown = down.path("seq").asLong();

    rtsp.restart();
    List<FrameEnvelope> resumed = frames.await(CAMPUS, seqWhenDown, 10, Duration.ofSeconds(60));
    assertThat(resumed).as("frames after the RTSP server came back").hasSize(10);
    awaitState(CAMPUS, "STREAMING");
    JsonNode up = api.cameraStatus(CAMPUS);
    assertThat(up.path("reconnects").asLong()).isGreaterThan(reconnectsBefore);
    assertThat(api.get("/metrics").body())
        .containsPattern("gradstream_ingest_reconnects_total\\{camera=\"campus\"\\} [1-9]");
  }

  @Test
  @Order(3)
  void camerasAddedAndRemovedAtRunTimeShowClearErrorsWithoutDisturbingOthers() throws Exception {
    awaitState(CAMPUS, "STREAMING");
    long campusFramesBefore = api.cameraStatus(CAMPUS).path("frames").asLong();

    HttpApi.Response badScheme =
        api.post("/cameras", "{\"id\":\"bad\",\"url\":\"ftp://127.0.0.1/cam\"}");
    assertThat(badScheme.status()).isEqualTo(400);
    assertThat(badScheme.json().path("problems").get(0).path("field").asText()).isEqualTo("url");
    assertThat(badScheme.json().path("problems").get(0).path("problem").asText())
        .contains("unsupported scheme 'ftp'");

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpApi.Response refused =
        api.post(
            "/cameras",
            "{\"id\":\"door\",\"url\":\"rtsp://admin:hunter2@127.0.0.1:" + closedPort + "/live\"}");
    assertThat(refused.status()).isEqualTo(201);
    assertThat(refused.body()).doesNotContain("hunter2").contains("***@127.0.0.1");
    for (String escape : List.of("/etc/passwd", "file:///nonexistent/../etc/passwd")) {
      HttpApi.Response outside =
          api.post("/cameras", "{\"id\":\"peek\",\"url\":\"" + escape + "\"}");
      assertThat(outside.status()).as(escape).isEqualTo(400);
      assertThat(outside.json().path("problems").get(0).path("field").asText()).isEqualTo("url");
      assertThat(outside.json().path("problems").get(0).path("problem").asText())
          .contains("outside ingest.file-roots");
      assertThat(outside.json().path("problems").get(0).path("fix").asText())
          .contains("ingest.file-roots");
    }
    assertThat(api.get("/cameras/peek").status())
        .as("a refused camera is not registered")
        .isEqualTo(404);
    HttpApi.Response missingFile =
        api.post("/cameras", "{\"id\":\"archive\",\"url\":\"/nonexistent/archive.mp4\"}");
    assertThat(missingFile.status()).isEqualTo(201);
    assertThat(api.post("/cameras", "{\"id\":\"door\",\"url\":\"rtsp://127.0.0.1/x\"}").status())
        .isEqualTo(409);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode door = api.cameraStatus("door");
              assertThat(door.path("state").asText()).isEqualTo("BACKOFF");
              assertThat(door.path("last_error").asText()).contains("connection refused");
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode archive = api.cameraStatus("archive");
              assertThat(archive.path("state").asText()).isEqualTo("FAILED");
              assertThat(archive.path("last_error").asText()).contains("file not found");
            });

    // The healthy camera keeps streaming beside the broken ones.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode campus = api.cameraStatus(CAMPUS);
              assertThat(campus.path("state").asText()).isEqualTo("STREAMING");
              assertThat(campus.path("frames").asLong()).isGreaterThan(campusFramesBefore + 20);
              assertThat(api.cameraStatus("door").path("state").asText()).isEqualTo("BACKOFF");
            });

    String everything = api.get("/cameras").body() + api.get("/metrics").body();
    assertThat(everything).doesNotContain("hunter2");

    assertThat(api.delete("/cameras/door").status()).isEqualTo(204);
    assertThat(api.delete("/cameras/archive").status()).isEqualTo(204);
    assertThat(api.get("/cameras/door").status()).isEqualTo(404);
    assertThat(api.delete("/cameras/door").status()).isEqualTo(404);
    JsonNode listed = api.get("/cameras").json();
    assertThat(listed).extracting(n -> n.path("id").asText()).containsExactly(CAMPUS);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(api.get("/metrics").body()).doesNotContain("camera=\"door\""));
  }

  @Test
  @Order(4)
  void healthReadinessAndMetricsAreServed() {
    assertThat(api.get("/health").status()).isEqualTo(200);
    HttpApi.Response ready = api.get("/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    String metrics = api.get("/metrics").body();
    assertThat(metrics)
        .containsPattern("gradstream_ingest_frames_total\\{camera=\"campus\"\\} [1-9]")
        .contains("gradstream_ingest_fps{camera=\"campus\"}")
        .contains("gradstream_ingest_decode_errors_total{camera=\"campus\"}")
        .contains("gradstream_ingest_camera_state{camera=\"campus\",state=\"streaming\"} 1")
        .contains("jvm_memory_used_bytes");
  }

  private static void awaitState(String camera, String state) {
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api.cameraStatus(camera).path("state").asText(), state::equals);
  }
}

package io.gradstream.app.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.app.runtime.InferenceBindings;
import io.gradstream.app.runtime.StartupException;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.wire.ExplainedFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference role as {@link GradstreamRuntime} wires it: one runtime with the embedded broker
 * and a worker, a second runtime running only {@code inference} against the first one's broker,
 * both in one consumer group. Uses test bindings: the deterministic {@link OnePersonDetector} and
 * the test-only {@link ImageIoJpegDecoder} (the real ones are exercised by {@code
 * DetectionEndToEndIT}).
 */
class InferenceRuntimeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final InferenceBindings TEST_BINDINGS =
      new InferenceBindings(config -> new OnePersonDetector(0), new ImageIoJpegDecoder());
  private final HttpClient http = HttpClient.newHttpClient();

  static GradstreamConfig config(List<String> roles, String bootstrapServers, Path dataDir) {
    GradstreamConfig defaults = new ConfigLoader(Map.of()).load(null);
    KafkaConfig k = defaults.kafka();
    KafkaConfig kafka =
        new KafkaConfig(
            bootstrapServers,
            new EmbeddedBrokerConfig(dataDir.toString(), 0, 0),
            k.topics(),
            k.maxMessageBytes());
    return new GradstreamConfig(
        roles,
        kafka,
        new HttpConfig("127.0.0.1", 0),
        defaults.ingest(),
        defaults.inference(),
        defaults.publisher(),
        List.of());
  }

  @Test
  void aRuntimeRunningOnlyInferenceJoinsAnotherRuntimesClusterAndTheyShareTheFrames(
      @TempDir Path dir) throws Exception {
    try (GradstreamRuntime first =
            GradstreamRuntime.start(config(List.of("inference"), "", dir), TEST_BINDINGS);
        GradstreamRuntime second =
            GradstreamRuntime.start(
                config(List.of("inference"), first.bootstrapServers(), dir.resolve("unused")),
                TEST_BINDINGS);
        WorkerTestKit kit = new WorkerTestKit(first.bootstrapServers())) {
      await()
          .atMost(WAIT)
          .until(() -> status(first, "/ready") == 200 && status(second, "/ready") == 200);
      assertThat(first.inferenceWorkerId()).isNotEqualTo(second.inferenceWorkerId());
      String frames = config(List.of(), "", dir).kafka().topics().frames().name();
      String detections = config(List.of(), "", dir).kafka().topics().detections().name();

      // The group has just formed; resend until both workers have produced (the new group starts at
      // live frames, so frames written before a worker holds its partition are not for it).
      List<String> cameras = List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8");
      Set<String> workers = Set.of();
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (int seq = 1; workers.size() < 2 && System.nanoTime() < deadline; seq++) {
        for (String camera : cameras) {
          kit.sendFrame(frames, camera, seq);
        }
        workers =
            kit.detections(detections, Duration.ofMillis(500), f -> false).stream()
                .map(ExplainedFrame::getWorkerId)
                .collect(Collectors.toSet());
      }
      assertThat(workers)
          .containsExactlyInAnyOrder(first.inferenceWorkerId(), second.inferenceWorkerId());
      assertThat(body(first, "/metrics"))
          .containsPattern("gradstream_inference_frames_total\\{camera=\"c[1-8]\"} [1-9]")
          .containsPattern(
              "gradstream_inference_frames_dropped_total\\{camera=\"c[1-8]\",reason=\"stale\"}")
          .contains("gradstream_inference_stage_latency_seconds_count{stage=\"inference\"}");
    }
  }

  @Test
  void aDetectorThatCannotLoadStopsStartWithTheReasonAndTheFix(@TempDir Path dir) {
    InferenceBindings broken =
        new InferenceBindings(
            config -> {
              throw new IllegalStateException("no model at /nowhere/yolov5s.onnx");
            },
            new ImageIoJpegDecoder());
    assertThatThrownBy(() -> GradstreamRuntime.start(config(List.of("inference"), "", dir), broken))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("cannot load the detector (no model at /nowhere/yolov5s.onnx)")
        .hasMessageContaining("inference.model");
  }

  private int status(GradstreamRuntime runtime, String path) throws Exception {
    return get(runtime, path).statusCode();
  }

  private String body(GradstreamRuntime runtime, String path) throws Exception {
    return get(runtime, path).body();
  }

  private HttpResponse<String> get(GradstreamRuntime runtime, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + path))
            .header("Authorization", "Bearer " + runtime.accessToken())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

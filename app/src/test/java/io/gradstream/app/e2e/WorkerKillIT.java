package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.wire.ExplainedFrame;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two inference workers as separate `gradstream run` processes in one consumer group; the one doing
 * the camera is killed with SIGKILL (no goodbye to the group), and the other must take the stream
 * over within 15 s. Needs the demo models (./scripts/setup.sh).
 */
@Tag("e2e")
class WorkerKillIT {
  private static final Path MODELS =
      Path.of(System.getProperty("user.home"), ".cache", "gradstream", "models");
  @TempDir Path dir;

  @Test
  void whenTheBusyWorkerProcessIsKilledTheOtherTakesTheCameraOverWithin15Seconds()
      throws Exception {
    // The 320 model keeps two worker processes and ingest within two cores.
    Path model = MODELS.resolve("yolov5s-320.onnx");
    assertThat(model).as("the 320 demo model; run ./scripts/setup.sh to import it").isRegularFile();
    try (LoopingRtspServer rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), "campus");
        GradstreamRuntime hub =
            GradstreamRuntime.start(
                TestConfigs.ingest(
                    dir.resolve("kafka"),
                    List.of(new CameraConfig("campus", rtsp.url(), 5.0, 85, null, null))));
        DetectionsTopic detections =
            new DetectionsTopic(
                hub.bootstrapServers(),
                new ConfigLoader(Map.of()).load(null).kafka().topics().detections().name());
        GradstreamProcess a = worker(hub, model, "a");
        GradstreamProcess b = worker(hub, model, "b")) {
      a.awaitLog("event=ready", Duration.ofSeconds(90));
      b.awaitLog("event=ready", Duration.ofSeconds(90));

      List<ExplainedFrame> before =
          detections.awaitAll(Duration.ofSeconds(60), seen -> seen.size() >= 5);
      assertThat(before).hasSizeGreaterThanOrEqualTo(5);
      ExplainedFrame latest = before.get(before.size() - 1);
      GradstreamProcess busy = latest.getWorkerId().contains("/" + a.process().pid() + "#") ? a : b;
      GradstreamProcess survivor = busy == a ? b : a;
      String survivorPid = "/" + survivor.process().pid() + "#";
      long seqAtKill = before.stream().mapToLong(ExplainedFrame::getSeq).max().orElseThrow();

      long killedAt = System.nanoTime();
      busy.process()
          .destroyForcibly(); // SIGKILL: the group learns only from the missing heartbeats
      assertThat(busy.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

      List<ExplainedFrame> after =
          detections.awaitAll(
              Duration.ofSeconds(30),
              seen ->
                  seen.stream()
                      .anyMatch(
                          f -> f.getWorkerId().contains(survivorPid) && f.getSeq() > seqAtKill));
      double seconds = (System.nanoTime() - killedAt) / 1e9;
      assertThat(after)
          .as("new frames explained by the surviving worker")
          .anyMatch(f -> f.getWorkerId().contains(survivorPid) && f.getSeq() > seqAtKill);
      System.out.printf("takeover after SIGKILL: %.1f s%n", seconds);
      assertThat(seconds)
          .as("seconds from SIGKILL to the survivor's first new detections")
          .isLessThan(15.0);

      // The stream goes on from the survivor.
      List<ExplainedFrame> later =
          detections.awaitAll(
              Duration.ofSeconds(60),
              seen ->
                  seen.stream()
                          .filter(
                              f -> f.getWorkerId().contains(survivorPid) && f.getSeq() > seqAtKill)
                          .count()
                      >= 10);
      assertThat(
              later.stream()
                  .filter(f -> f.getWorkerId().contains(survivorPid) && f.getSeq() > seqAtKill))
          .hasSizeGreaterThanOrEqualTo(10);
    }
  }

  private GradstreamProcess worker(GradstreamRuntime hub, Path model, String name)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("worker-" + name + ".log");
    Files.deleteIfExists(log);
    return GradstreamProcess.start(
        log,
        Map.of(
            "GRADSTREAM_ROLES", "inference",
            "GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS", hub.bootstrapServers(),
            "GRADSTREAM_HTTP_PORT", Integer.toString(port),
            "GRADSTREAM_INFERENCE_MODEL", model.toString(),
            "GRADSTREAM_INFERENCE_INPUT_SIZE", "320"),
        "run");
  }
}

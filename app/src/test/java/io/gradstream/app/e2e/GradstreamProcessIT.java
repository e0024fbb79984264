package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.app.demo.DemoFootage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `gradstream run` as a real process, built jar and all: SIGTERM, restart, config errors. */
@Tag("e2e")
class GradstreamProcessIT {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void restartOnTheSameDataDirRestoresTheCamerasAndSigtermStopsCleanly() throws Exception {
    Path data = dir.resolve("data");
    int port = freePort();

    // The camera is the demo footage, a file: file sources must lie in ingest.file-roots.
    Map<String, String> footageRoot =
        Map.of("GRADSTREAM_INGEST_FILE_ROOTS", DemoFootage.vtestAvi().getParent().toString());
    Process first = gradstream(data, port, dir.resolve("first.log"), footageRoot, "run");
    awaitLog(dir.resolve("first.log"), "event=ready");
    HttpApi api = new HttpApi(port, TestConfigs.TOKEN);
    String body =
        "{\"id\":\"lobby\",\"url\":\"" + DemoFootage.vtestAvi() + "\",\"loop\":true,\"max_fps\":5}";
    assertThat(api.post("/cameras", body).status()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.cameraStatus("lobby").path("state").asText(), "STREAMING"::equals);

    first.destroy(); // SIGTERM
    assertThat(first.waitFor(60, TimeUnit.SECONDS))
        .as("gradstream stops within 60 s of SIGTERM")
        .isTrue();
    assertThat(first.exitValue()).isEqualTo(143);
    String firstLog = Files.readString(dir.resolve("first.log"));
    assertThat(firstLog).contains("camera=lobby event=capture-stop").contains("event=stopped");
    assertThat(firstLog).doesNotContain("Exception in thread");

    Process second = gradstream(data, port, dir.resolve("second.log"), footageRoot, "run");
    awaitLog(dir.resolve("second.log"), "event=ready");
    assertThat(api.get("/cameras").json())
        .extracting(n -> n.path("id").asText())
        .containsExactly("lobby");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.cameraStatus("lobby").path("state").asText(), "STREAMING"::equals);
    second.destroy();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSecondProcessOnTheSameDataDirIsRefusedAndTheFirstStillStopsPromptly() throws Exception {
    Path data = dir.resolve("data");
    Process first = gradstream(data, freePort(), dir.resolve("first.log"), Map.of(), "run");
    awaitLog(dir.resolve("first.log"), "event=ready");

    Process second = gradstream(data, freePort(), dir.resolve("second.log"), Map.of(), "run");
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second start gives up").isTrue();
    assertThat(second.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("second.log")))
        .contains("kafka.embedded.data-dir")
        .contains("is in use by another Kafka broker (pid " + first.pid() + ";")
        .doesNotContain("Performing controller activation")
        .doesNotContain("\tat ");

    // Before the data dir lock, the first broker's stop hung 5 minutes here.
    long stopping = System.nanoTime();
    first.destroy();
    assertThat(first.waitFor(30, TimeUnit.SECONDS))
        .as("the first process stops within 30 s of SIGTERM")
        .isTrue();
    assertThat(first.exitValue()).isEqualTo(143);
    assertThat(Files.readString(dir.resolve("first.log")))
        .contains("event=stopped")
        .doesNotContain("stop-abandoned");
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aStopThatOutlastsStopTimeoutIsAbandonedNamingWhatWasLeft() throws Exception {
    Path log = dir.resolve("bounded.log");
    // 1 ms: no stop of a broker and a role is that quick, so the bound, not the stop, ends the
    // process.
    Process p =
        gradstream(
            dir.resolve("data"), freePort(), log, Map.of("GRADSTREAM_STOP_TIMEOUT_MS", "1"), "run");
    awaitLog(log, "event=ready");
    p.destroy();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(Files.readString(log))
        .contains("event=stop-requested signal=SIGTERM")
        .contains("event=stop-abandoned limit_ms=1")
        .contains("embedded Kafka broker")
        .doesNotContain("event=stopped");
  }

  @Test
  void aSecondSigtermEndsTheProcessAtOnce() throws Exception {
    Path log = dir.resolve("twice.log");
    Process p = gradstream(dir.resolve("data"), freePort(), log, Map.of(), "run");
    awaitLog(log, "event=ready");
    p.destroy();
    // The orderly stop (a role, Vert.x, the broker) takes hundreds of milliseconds: signal again
    // within it.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> Files.readString(log).contains("event=stop-requested"));
    p.destroy();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(Files.readString(log))
        .contains("event=stop-forced signal=SIGTERM")
        .doesNotContain("event=stopped");
  }

  @Test
  void aMistypedEnvironmentKeyStopsStartWithTheKeyAndTheFix() throws Exception {
    Path log = dir.resolve("bad.log");
    Process p =
        gradstream(
            dir.resolve("data"), freePort(), log, Map.of("GRADSTREAM_HTTP_PROT", "9000"), "run");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("GRADSTREAM_HTTP_PROT")
        .contains("Did you mean GRADSTREAM_HTTP_PORT?")
        .doesNotContain("\tat ");
  }

  @Test
  void aTruncatedModelFileStopsStartWithTheFileWhatIsWrongAndTheFix() throws Exception {
    Path real =
        Path.of(
            System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");
    assertThat(real).as("the 320 demo model; run ./scripts/setup.sh to import it").isRegularFile();
    // An interrupted download: the first megabyte of the real model.
    Path truncated = dir.resolve("half.onnx");
    try (var in = Files.newInputStream(real)) {
      Files.write(truncated, in.readNBytes(1 << 20));
    }
    Path log = dir.resolve("model.log");
    Process p =
        gradstream(
            dir.resolve("data"),
            freePort(),
            log,
            Map.of(
                "GRADSTREAM_ROLES",
                "inference",
                "GRADSTREAM_INFERENCE_MODEL",
                truncated.toString()),
            "run");
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("start gives up instead of hanging").isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(log))
        .contains(truncated.toString())
        .contains("truncated")
        .contains("fetch or import it again")
        .doesNotContain("\tat ")
        .doesNotContain("event=ready");
  }

  @Test
  void aValueOutOfRangeStopsStartWithTheKeyTheValueAndWhatIsAllowed() throws Exception {
    Path log = dir.resolve("value.log");
    Process p =
        gradstream(
            dir.resolve("data"),
            freePort(),
            log,
            Map.of("GRADSTREAM_INFERENCE_CONFIDENCE_THRESHOLD", "1.5"),
            "run");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("inference.confidence-threshold")
        .contains("1.5")
        .doesNotContain("\tat ")
        .doesNotContain("event=ready");
  }

  private Process gradstream(
      Path data, int httpPort, Path log, Map<String, String> extraEnv, String... args)
      throws IOException {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "GRADSTREAM_KAFKA_EMBEDDED_DATA_DIR",
                data.toString(),
                "GRADSTREAM_KAFKA_EMBEDDED_PORT",
                "0",
                "GRADSTREAM_KAFKA_EMBEDDED_CONTROLLER_PORT",
                "0",
                "GRADSTREAM_HTTP_PORT",
                Integer.toString(httpPort),
                "GRADSTREAM_HTTP_AUTH_TOKEN",
                TestConfigs.TOKEN,
                // The registry and shutdown are what these tests are about; the detector has tests
                // of its own.
                "GRADSTREAM_ROLES",
                "ingest"));
    env.putAll(extraEnv);
    Process p = GradstreamProcess.start(log, env, args).process();
    started.add(p);
    return p;
  }

  private static void awaitLog(Path log, String text) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> Files.exists(log) && Files.readString(log).contains(text));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

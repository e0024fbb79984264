package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream bench pipeline} for a few seconds on one synthetic camera with the real 320
 * model, the embedded broker, one worker, the publisher and a viewer. Asserts that the report is
 * consistent, never how fast anything was. Needs the 320 demo model ({@code ./scripts/setup.sh})
 * and vtest.avi.
 */
@Tag("e2e")
class BenchPipelineCommandIT {
  private static final Path MODEL_320 =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");
  private final CapturedCli cli = new CapturedCli();
  @TempDir Path dir;

  @Test
  void aShortRunOnOneSyntheticCameraReportsEveryStageTheViewerTheAccountingAndTheJson()
      throws Exception {
    assertThat(MODEL_320)
        .as("the 320 demo model; run ./scripts/setup.sh to import it")
        .isRegularFile();
    Path json = dir.resolve("pipeline.json");

    int code =
        cli.execute(
            "bench",
            "pipeline",
            "--cameras",
            "1",
            "--source",
            "synthetic",
            "--warmup",
            "3",
            "--duration",
            "5",
            "--pool-frames",
            "30",
            "--json",
            json.toString());

    assertThat(code).as("exit code; stderr: %s", cli.err()).isZero();
    assertThat(cli.out())
        .contains("1 worker(s) timed")
        .contains("== 1 worker(s),")
        .contains("glass-to-glass")
        .contains("Targets:")
        .contains("report -> " + json);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.path("method").path("inputSize").asInt()).isEqualTo(320);
    assertThat(report.path("method").path("explain").asBoolean()).isTrue();
    JsonNode run = report.path("runs").get(0);
    assertThat(run.path("workers").asInt()).isEqualTo(1);

    JsonNode throughput = run.path("throughput");
    assertThat(throughput.path("offered").asLong()).isPositive();
    assertThat(throughput.path("explained").asLong())
        .as("frames explained in the window")
        .isPositive();
    assertThat(throughput.path("explainedPerSecond").asDouble()).isPositive();

    JsonNode accounting = run.path("accounting");
    assertThat(accounting.path("consumed").asLong())
        .as("consumed = explained + dropped (by reason) + in flight: %s", accounting)
        .isEqualTo(
            accounting.path("explained").asLong()
                + accounting.path("dropped").asLong()
                + accounting.path("inFlight").asLong());
    assertThat(accounting.path("consistent").asBoolean())
        .as("in flight within the slack: %s", accounting)
        .isTrue();
    long droppedByReason = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = run.path("drops").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> drop = it.next();
      assertThat(drop.getValue().asLong()).as(drop.getKey()).isNotNegative();
      if (drop.getKey().startsWith("inference/")) {
        droppedByReason += drop.getValue().asLong();
      }
    }
    assertThat(droppedByReason)
        .as("the window's worker drops are among the run's")
        .isLessThanOrEqualTo(accounting.path("dropped").asLong());

    JsonNode stages = run.path("stagesMs");
    for (String stage :
        new String[] {"kafka", "queue", "decode", "inference", "explain", "track", "total"}) {
      JsonNode s = stages.path(stage);
      assertThat(s.path("count").asLong()).as("%s samples", stage).isPositive();
      assertThat(s.path("p50").asDouble())
          .as("%s p50 <= p99", stage)
          .isLessThanOrEqualTo(s.path("p99").asDouble());
      assertThat(s.path("p99").asDouble())
          .as("%s p99 <= max", stage)
          .isLessThanOrEqualTo(s.path("max").asDouble());
    }
    assertThat(stages.path("inference").path("p50").asDouble())
        .as("the model takes time")
        .isPositive();
    JsonNode glass = run.path("glassToGlassMs");
    assertThat(glass.path("count").asLong()).as("glass-to-glass samples").isPositive();
    assertThat(glass.path("p50").asDouble()).isLessThanOrEqualTo(glass.path("p99").asDouble());
    assertThat(glass.path("p50").asDouble())
        .as("a frame reaches the viewer after the model ran on it")
        .isGreaterThan(stages.path("inference").path("p50").asDouble() / 2);

    assertThat(run.path("cpuMsPerFrame").asDouble()).isPositive();
    assertThat(run.path("heapMb").path("peak").asDouble())
        .isPositive()
        .isGreaterThanOrEqualTo(run.path("heapMb").path("before").asDouble());
    assertThat(run.path("explainedByWorker").size()).isEqualTo(1);
    assertThat(report.path("verdicts"))
        .extracting(v -> v.path("target").asText())
        .contains("kafka-hop", "real-time-explained", "worker-scaling");
  }
}

package io.gradstream.app.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.app.bench.BenchReport;
import org.junit.jupiter.api.Test;

class PipelineReportTest {
  private static final BenchReport.Machine MACHINE =
      new BenchReport.Machine(2, "AMD EPYC", "Linux", "Java 25", "1.29.0");

  @Test
  void everyRunGetsItsThroughputRatioAgainstTheOneWorkerRun() {
    PipelineReport report =
        PipelineReport.assemble(
            Runs.method(10, 10, true, 320, 1),
            Runs.list(Runs.run(1, 100, 20, 1, 40, 60, 1, 1), Runs.run(2, 100, 35, 1, 40, 60, 2, 2)),
            MACHINE);
    assertThat(report.runs())
        .extracting(PipelineReport.WorkersRun::throughputVsOneWorker)
        .containsExactly(1.0, 1.75);
    PipelineReport noBase =
        PipelineReport.assemble(
            Runs.method(10, 10, true, 320, 1),
            Runs.list(Runs.run(2, 100, 35, 1, 40, 60, 2, 2)),
            MACHINE);
    assertThat(noBase.runs().getFirst().throughputVsOneWorker()).isNull();
  }

  @Test
  void consumedFramesAreAccountedForWhenTheRestAreFewerThanTheSlack() {
    assertThat(PipelineReport.Accounting.of(100, 90, 8, 40).inFlight()).isEqualTo(2);
    assertThat(PipelineReport.Accounting.of(100, 90, 8, 40).consistent()).isTrue();
    assertThat(PipelineReport.Accounting.of(100, 50, 8, 40).consistent())
        .as("42 unaccounted")
        .isFalse();
    assertThat(PipelineReport.Accounting.of(100, 95, 8, 40).consistent())
        .as("more out than in")
        .isFalse();
  }

  @Test
  void theJsonHoldsTheDocumentedFieldsAndVerdictsAsWords() throws Exception {
    PipelineReport report =
        PipelineReport.assemble(
            Runs.method(1, 10, true, 320, 0),
            Runs.list(Runs.run(1, 10, 9.9, 3, 40, 70, 1, 1)),
            MACHINE);
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.path("method").path("definitions").path("glassToGlass").asText())
        .contains("WebSocket viewer");
    JsonNode run = json.path("runs").get(0);
    assertThat(run.path("stagesMs").path("kafka").path("p99").asDouble()).isEqualTo(3.0);
    assertThat(run.path("glassToGlassMs").path("p50").asDouble()).isEqualTo(35.0);
    assertThat(run.path("throughput").path("explainedPerSecond").asDouble()).isEqualTo(9.9);
    for (String field :
        new String[] {
          "workers",
          "windowSeconds",
          "drops",
          "accounting",
          "cpuMsPerFrame",
          "cpuCoresBusy",
          "otherCoresBusy",
          "heapMb",
          "explainedByWorker",
          "throughputVsOneWorker"
        }) {
      assertThat(run.has(field)).as(field).isTrue();
    }
    assertThat(json.path("verdicts"))
        .extracting(v -> v.path("outcome").asText())
        .containsExactly("not applicable", "met", "not applicable");
  }

  @Test
  void theTableHasASectionPerWorkersCountAndTheVerdicts() {
    PipelineReport report =
        PipelineReport.assemble(
            Runs.method(10, 10, true, 320, 1),
            Runs.list(Runs.run(1, 100, 20, 1, 40, 60, 1, 1), Runs.run(2, 100, 35, 1, 40, 60, 2, 2)),
            MACHINE);
    String table = PipelineTable.render(report);
    assertThat(table)
        .contains("== 1 worker(s), 10.0 s timed ==")
        .contains("== 2 worker(s), 10.0 s timed ==")
        .contains("glass-to-glass")
        .contains("= 1.75 x one worker")
        .contains("worker-scaling       2 worker(s): met");
  }
}

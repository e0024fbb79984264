package io.gradstream.app.bench.pipeline;

import static io.gradstream.app.bench.pipeline.PipelineReport.Outcome.MET;
import static io.gradstream.app.bench.pipeline.PipelineReport.Outcome.NOT_APPLICABLE;
import static io.gradstream.app.bench.pipeline.PipelineReport.Outcome.NOT_MET;
import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.bench.pipeline.PipelineReport.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetVerdictsTest {

  @Test
  void theKafkaHopIsJudgedOnlyAtTenCamerasOfTenFps() {
    var tenByTen = Runs.method(10, 10, false, 320, 0);
    assertThat(
            TargetVerdicts.kafkaHop(tenByTen, Runs.run(1, 100, 100, 4.9, 30, 60, 1, 1)).outcome())
        .isEqualTo(MET);
    assertThat(
            TargetVerdicts.kafkaHop(tenByTen, Runs.run(1, 100, 100, 5.1, 30, 60, 1, 1)).outcome())
        .isEqualTo(NOT_MET);
    Verdict oneCamera =
        TargetVerdicts.kafkaHop(
            Runs.method(1, 10, false, 320, 0), Runs.run(1, 10, 10, 1, 30, 60, 1, 1));
    assertThat(oneCamera.outcome()).isEqualTo(NOT_APPLICABLE);
    assertThat(oneCamera.detail()).contains("p99 1.00 ms").contains("--cameras 10");
  }

  @Test
  void realTimeNeedsTheFramesExplainedAndGlassToGlassWithinTwiceTheModelsP99() {
    var vtest = Runs.method(1, 10, true, 320, 0);
    assertThat(TargetVerdicts.realTime(vtest, Runs.run(1, 10, 9.8, 1, 40, 80, 1, 1), 2).outcome())
        .isEqualTo(MET);
    Verdict slowViewer = TargetVerdicts.realTime(vtest, Runs.run(1, 10, 9.8, 1, 40, 81, 1, 1), 2);
    assertThat(slowViewer.outcome()).isEqualTo(NOT_MET);
    assertThat(slowViewer.detail()).contains("2.03 x model p99 40.0 ms");
    assertThat(TargetVerdicts.realTime(vtest, Runs.run(1, 10, 9, 1, 40, 60, 1, 1), 2).outcome())
        .as("10 %% of the frames not explained: not real time")
        .isEqualTo(NOT_MET);
  }

  @Test
  void realTimeDoesNotApplyWithoutExplainingToManyCamerasOrAboveSixHundredForty() {
    var run = Runs.run(1, 10, 10, 1, 40, 60, 1, 1);
    assertThat(TargetVerdicts.realTime(Runs.method(1, 10, false, 320, 0), run, 2).outcome())
        .isEqualTo(NOT_APPLICABLE);
    assertThat(TargetVerdicts.realTime(Runs.method(3, 10, true, 320, 0), run, 2).outcome())
        .isEqualTo(NOT_APPLICABLE);
    assertThat(TargetVerdicts.realTime(Runs.method(1, 10, true, 1280, 0), run, 2).outcome())
        .isEqualTo(NOT_APPLICABLE);
  }

  @Test
  void twoWorkersMeetScalingAtOnePointSevenTimesOneWorkersThroughput() {
    var tenCameras = Runs.method(10, 10, true, 320, 1);
    var one = Runs.run(1, 100, 20, 1, 40, 60, 1, 1);
    assertThat(
            TargetVerdicts.scaling(
                    tenCameras, Optional.of(one), Runs.run(2, 100, 34, 1, 40, 60, 2, 2), 4)
                .outcome())
        .isEqualTo(MET);
    Verdict short_ =
        TargetVerdicts.scaling(
            tenCameras, Optional.of(one), Runs.run(2, 100, 30, 1, 40, 60, 2, 2), 4);
    assertThat(short_.outcome()).isEqualTo(NOT_MET);
    assertThat(short_.detail()).contains("1.50 x (need >= 1.70 x)");
  }

  @Test
  void scalingSaysWhyNotWhenTheWorkersRunKeptEveryCoreBusy() {
    var oneThread = Runs.method(10, 10, true, 320, 1);
    var one = Runs.run(1, 100, 23, 1, 40, 60, 1.66, 1);
    Verdict v =
        TargetVerdicts.scaling(
            oneThread, Optional.of(one), Runs.run(2, 100, 37.5, 1, 40, 60, 1.98, 2), 2);
    assertThat(v.outcome()).isEqualTo(NOT_APPLICABLE);
    assertThat(v.detail())
        .contains("1.63 x")
        .contains("2 cores: the 2-worker run kept 1.98 of them busy")
        .contains("one worker's run used 1.66")
        .contains("the CPU, not the workers, capped the throughput");
    assertThat(
            TargetVerdicts.scaling(
                    oneThread, Optional.of(one), Runs.run(2, 100, 30, 1, 40, 60, 1.7, 2), 2)
                .outcome())
        .as("cores left idle: the workers fell short on their own")
        .isEqualTo(NOT_MET);
  }

  @Test
  void scalingSaysWhyNotWhenOneWorkersOnnxRuntimeAlreadyUsesEveryCore() {
    var defaultThreads = Runs.method(10, 10, true, 320, 0);
    var one = Runs.run(1, 100, 20, 1, 40, 60, 1.1, 1);
    Verdict v =
        TargetVerdicts.scaling(
            defaultThreads, Optional.of(one), Runs.run(2, 100, 21, 1, 40, 60, 1.2, 2), 2);
    assertThat(v.outcome()).isEqualTo(NOT_APPLICABLE);
    assertThat(v.detail())
        .contains("its default of one per core, 2,")
        .contains("--intra-op-threads 1");
  }

  @Test
  void scalingSaysWhyNotWhenOtherProcessesUsedTheCoresAndOtherVerdictsSayTheMachineWasNotQuiet() {
    var method = Runs.method(10, 10, true, 320, 1);
    var one = Runs.run(1, 100, 20, 1, 40, 60, 1, 1, 0.9);
    Verdict v =
        TargetVerdicts.scaling(
            method, Optional.of(one), Runs.run(2, 100, 26, 1, 40, 60, 1.1, 2, 0.8), 2);
    assertThat(v.outcome()).isEqualTo(NOT_APPLICABLE);
    assertThat(v.detail())
        .contains("other processes kept 0.90 of the 2 cores busy")
        .contains("quiet machine");
    assertThat(
            TargetVerdicts.kafkaHop(method, Runs.run(1, 100, 100, 9, 30, 60, 1, 1, 0.9)).detail())
        .contains("machine not quiet");
    assertThat(
            TargetVerdicts.kafkaHop(method, Runs.run(1, 100, 100, 9, 30, 60, 1, 1, 0.1)).detail())
        .doesNotContain("machine not quiet");
  }

  @Test
  void scalingSaysWhyNotWhenThereAreFewerBusyWorkersOrOneWorkerKeptUp() {
    var oneCamera = Runs.method(1, 10, true, 320, 1);
    var one = Runs.run(1, 10, 8, 1, 40, 60, 1, 1);
    Verdict partitions =
        TargetVerdicts.scaling(oneCamera, Optional.of(one), Runs.run(2, 10, 8, 1, 40, 60, 1, 1), 4);
    assertThat(partitions.outcome()).isEqualTo(NOT_APPLICABLE);
    assertThat(partitions.detail()).contains("only 1 of 2 workers got frames");

    var light = Runs.method(4, 10, true, 320, 1);
    Verdict keptUp =
        TargetVerdicts.scaling(
            light,
            Optional.of(Runs.run(1, 40, 40, 1, 40, 60, 1, 1)),
            Runs.run(2, 40, 40, 1, 40, 60, 1, 2),
            4);
    assertThat(keptUp.outcome()).isEqualTo(NOT_APPLICABLE);
    assertThat(keptUp.detail()).contains("one worker already explained the whole offered load");
  }

  @Test
  void everyTargetIsJudgedOnEveryWorkersCountOfASweep() {
    var method = Runs.method(10, 10, true, 320, 1);
    List<Verdict> verdicts =
        TargetVerdicts.judge(
            method,
            Runs.list(Runs.run(1, 100, 20, 1, 40, 60, 1, 1), Runs.run(2, 100, 36, 1, 40, 60, 2, 2)),
            4);
    assertThat(verdicts)
        .extracting(v -> v.target() + "@" + v.workers())
        .containsExactly(
            "kafka-hop@1",
            "kafka-hop@2",
            "real-time-explained@1",
            "real-time-explained@2",
            "worker-scaling@2");
    assertThat(TargetVerdicts.judge(method, Runs.list(Runs.run(1, 100, 20, 1, 40, 60, 1, 1)), 4))
        .filteredOn(v -> v.target().equals("worker-scaling"))
        .singleElement()
        .satisfies(v -> assertThat(v.detail()).contains("--workers 1,2"));
  }
}

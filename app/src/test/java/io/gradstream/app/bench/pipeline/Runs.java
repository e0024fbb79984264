package io.gradstream.app.bench.pipeline;

import io.gradstream.app.bench.LatencySummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made methods and runs for the report and verdict tests. */
final class Runs {
  private Runs() {}

  static PipelineReport.Method method(
      int cameras, double fps, boolean explain, int inputSize, int intraOpThreads) {
    return new PipelineReport.Method(
        "synthetic",
        cameras,
        fps,
        10,
        30,
        "/models/yolov5s-320.onnx",
        inputSize,
        explain,
        "gradcam",
        intraOpThreads,
        "vtest.avi",
        52_000,
        6,
        "this JVM",
        MethodDescription.definitions());
  }

  static LatencySummary ms(double p50, double p99) {
    return new LatencySummary(300, p50, p99, p99 + 1, p50);
  }

  /**
   * A run of {@code workers} that explained {@code explainedPerSecond} of {@code offeredPerSecond}
   * over 10 s, with the given Kafka hop, model and glass-to-glass p99s, using {@code coresBusy}
   * cores, the frames spread over {@code busyWorkers} workers.
   */
  static PipelineReport.WorkersRun run(
      int workers,
      double offeredPerSecond,
      double explainedPerSecond,
      double kafkaP99,
      double modelP99,
      double glassP99,
      double coresBusy,
      int busyWorkers) {
    return run(
        workers,
        offeredPerSecond,
        explainedPerSecond,
        kafkaP99,
        modelP99,
        glassP99,
        coresBusy,
        busyWorkers,
        0);
  }

  /** As above, with other processes keeping {@code otherCores} cores busy during the run. */
  static PipelineReport.WorkersRun run(
      int workers,
      double offeredPerSecond,
      double explainedPerSecond,
      double kafkaP99,
      double modelP99,
      double glassP99,
      double coresBusy,
      int busyWorkers,
      double otherCores) {
    Map<String, LatencySummary> stages = new LinkedHashMap<>();
    stages.put("kafka", ms(kafkaP99 / 2, kafkaP99));
    stages.put("inference", ms(modelP99 / 2, modelP99));
    stages.put("total", ms(modelP99, modelP99 * 1.5));
    long offered = Math.round(offeredPerSecond * 10);
    long explained = Math.round(explainedPerSecond * 10);
    Map<String, Long> byWorker = new LinkedHashMap<>();
    for (int i = 0; i < workers; i++) {
      byWorker.put("worker-" + i, i < busyWorkers ? explained / busyWorkers : 0L);
    }
    return new PipelineReport.WorkersRun(
        workers,
        10,
        PipelineReport.Throughput.of(offered, offered, explained, 10),
        stages,
        ms(glassP99 / 2, glassP99),
        Map.of("inference/stale", offered - explained),
        PipelineReport.Accounting.of(offered, explained, offered - explained, 40),
        50,
        coresBusy,
        otherCores,
        new PipelineReport.Heap(100, 120, 200, 4096),
        byWorker,
        null);
  }

  static List<PipelineReport.WorkersRun> list(PipelineReport.WorkersRun... runs) {
    return List.of(runs);
  }
}

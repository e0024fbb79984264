package io.gradstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gradstream.app.bench.BenchFrames;
import io.gradstream.app.bench.BenchModel;
import io.gradstream.app.bench.ExplainBench;
import io.gradstream.common.config.ExplainConfig;
import io.gradstream.explain.backward.WindowedTargets;
import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.reliability.ReliabilityModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gradstream bench explain}: what explaining every detection adds to the forward pass. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Times, on real frames and the CPU, the detector's forward pass, the instrumented forward that also",
      "returns the target activations, gradstream's explainer as the worker runs it (inference.explain.*) on N",
      "detections per frame (one batched windowed backward per level, the maps, the reliability features and score),",
      "and the naive reference (one full-size backward per detection).",
      "All in one run, frame by frame, so the ratios compare like with like (see docs/BENCHMARKS.md)."
    })
final class BenchExplainCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "YOLOv5-layout ONNX detector (default: the demo model ~/.cache/gradstream/models/yolov5s.onnx)")
  Path model;

  @Option(
      names = "--detections",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "detections explained per frame: the frame's N strongest output rows (default: ${DEFAULT-VALUE})")
  int detections;

  @Option(
      names = "--frames",
      paramLabel = "N",
      defaultValue = "8",
      description =
          "consecutive real frames, as a live camera sends them, from frame 100 on (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      defaultValue = "4",
      description = "passes over the frames (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "4",
      description = "untimed frames first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--naive-frames",
      paramLabel = "N",
      defaultValue = "3",
      description = "frames the slow naive reference runs on (default: ${DEFAULT-VALUE})")
  int naiveFrames;

  @Option(
      names = "--video",
      paramLabel = "FILE",
      defaultValue = BenchFrames.DEFAULT_VIDEO,
      description = "footage to take the frames from (default: ${DEFAULT-VALUE})")
  Path video;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also write the report as JSON to FILE")
  Path json;

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  /**
   * The worker's reliability model for {@code detector}, as inference.explain.reliability-model
   * names it; null for none.
   */
  private static ReliabilityModel reliabilityBeside(Path detector, ExplainConfig explain)
      throws java.io.IOException {
    String setting = explain.reliabilityModel();
    if (setting.equals(ExplainConfig.NO_RELIABILITY)) {
      return null;
    }
    Path file = setting.isEmpty() ? ReliabilityModel.besideModel(detector) : Path.of(setting);
    return Files.isRegularFile(file) ? ReliabilityModel.read(file) : null;
  }

  @Override
  public Integer call() throws Exception {
    if (detections <= 0 || frames <= 0 || rounds <= 0 || warmup < 0 || naiveFrames < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--detections, --frames and --rounds must be positive, "
              + "--warmup and --naive-frames not negative");
    }
    if (!Files.isRegularFile(video)) {
      throw new ParameterException(
          spec.commandLine(), "no such video: " + video + " (set --video)");
    }
    BenchModel bench;
    try {
      bench = BenchModel.load(model);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path file = bench.file();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "decoding %d frames of %s, letterboxed to %d (not timed)%n",
        frames,
        video,
        bench.inputSize());
    out.flush();
    List<FloatTensor> inputs =
        BenchFrames.consecutive(video, 100, frames).stream().map(bench::letterboxed).toList();

    ExplainConfig explainConfig = config.load().inference().explain();
    ReliabilityModel reliability = reliabilityBeside(file, explainConfig);
    ExplainBench explainBench =
        new ExplainBench(
            bench.proto(),
            bench.output(),
            detections,
            WindowedTargets.resolve(bench.proto(), explainConfig.targetLayers()),
            ExplainMethod.parse(explainConfig.method()),
            reliability);
    List<ExplainBench.FrameTimes> times =
        explainBench.run(
            inputs,
            warmup,
            rounds,
            naiveFrames,
            line -> {
              out.println(line);
              out.flush();
            });

    double forward = median(times, ExplainBench.FrameTimes::forwardMs);
    double instrumented = median(times, ExplainBench.FrameTimes::instrumentedMs);
    double explainMs = median(times, ExplainBench.FrameTimes::explainMs);
    double extra = ExplainBench.extraOutputsMs(times);
    double overhead = (extra + explainMs) / forward;
    double backward = median(times, ExplainBench.FrameTimes::backwardMs);
    double eigen = median(times, ExplainBench.FrameTimes::eigenCamMs);
    double eigenOverhead = (extra + eigen) / forward;
    List<ExplainBench.FrameTimes> naiveRuns =
        times.stream().filter(t -> !Double.isNaN(t.naiveMs())).toList();
    double naive =
        naiveRuns.isEmpty() ? Double.NaN : median(naiveRuns, ExplainBench.FrameTimes::naiveMs);
    double naiveForward =
        naiveRuns.isEmpty() ? Double.NaN : median(naiveRuns, ExplainBench.FrameTimes::forwardMs);

    out.println();
    out.printf(
        Locale.ROOT,
        "model %s, %d frames x %d rounds, %d detections per frame (medians)%n",
        file.getFileName(),
        frames,
        rounds,
        detections);
    out.printf(Locale.ROOT, "  forward                       %8.1f ms%n", forward);
    out.printf(Locale.ROOT, "  instrumented forward          %8.1f ms%n", instrumented);
    out.printf(Locale.ROOT, "  extra outputs (order-paired)  %8.2f ms%n", extra);
    out.printf(
        Locale.ROOT,
        "  explain %2d detections, %s%s %6.2f ms%n",
        detections,
        explainConfig.method(),
        reliability == null ? " (no reliability model beside the detector)" : " + reliability",
        explainMs);
    out.printf(Locale.ROOT, "    of which the batched windowed backward %6.2f ms%n", backward);
    out.printf(
        Locale.ROOT,
        "  explaining adds               %8.1f %% of the forward  (target <= 10 %%)%n",
        100 * overhead);
    out.printf(Locale.ROOT, "  EigenCAM                      %8.2f ms%n", eigen);
    out.printf(
        Locale.ROOT,
        "  EigenCAM adds                 %8.1f %% of the forward  (target <= 5 %%)%n",
        100 * eigenOverhead);
    out.printf(
        Locale.ROOT,
        "  naive, one full backward each %8.1f ms = %.1f x the forward (%d frames)%n",
        naive,
        naive / naiveForward,
        naiveRuns.size());
    if (json != null) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("when", Instant.now().toString());
      report.put("model", file.getFileName().toString());
      report.put("cpus", Runtime.getRuntime().availableProcessors());
      report.put("frames", frames);
      report.put("rounds", rounds);
      report.put("detections", detections);
      report.put("forward_ms", forward);
      report.put("instrumented_forward_ms", instrumented);
      report.put("extra_outputs_ms", extra);
      report.put("method", explainConfig.method());
      report.put("reliability", reliability != null);
      report.put("explain_ms", explainMs);
      report.put("backward_ms", backward);
      report.put("explain_overhead", overhead);
      report.put("eigencam_ms", eigen);
      report.put("eigencam_overhead", eigenOverhead);
      report.put("naive_ms", naive);
      report.put("naive_over_forward", naive / naiveForward);
      report.put("per_frame", times);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), report);
      out.printf("report -> %s%n", json);
    }
    out.flush();
    return 0;
  }

  private static double median(
      List<ExplainBench.FrameTimes> times, ToDoubleFunction<ExplainBench.FrameTimes> f) {
    return ExplainBench.median(times.stream().mapToDouble(f).toArray());
  }
}

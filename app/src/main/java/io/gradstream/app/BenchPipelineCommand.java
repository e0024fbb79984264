package io.gradstream.app;

import ch.qos.logback.classic.Level;
import io.gradstream.app.bench.BenchReport;
import io.gradstream.app.bench.pipeline.JpegFramePool;
import io.gradstream.app.bench.pipeline.MethodDescription;
import io.gradstream.app.bench.pipeline.PipelineBench;
import io.gradstream.app.bench.pipeline.PipelineBenchSettings;
import io.gradstream.app.bench.pipeline.PipelineBenchSettings.Source;
import io.gradstream.app.bench.pipeline.PipelineReport;
import io.gradstream.app.bench.pipeline.PipelineTable;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.modelimport.ModelInfo;
import io.gradstream.modelimport.TensorInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gradstream bench pipeline}: N cameras through the real pipeline on real Kafka, measured
 * per frame.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs N cameras through the whole pipeline (embedded Kafka broker, M inference workers in one",
      "consumer group, the publisher, a WebSocket viewer per camera) for a fixed time, then reports per-stage and",
      "glass-to-glass p50/p99 (exact, per frame), throughput, drops by reason, CPU time per explained frame and heap,",
      "with a verdict on each performance target. --workers 1,2 sweeps: a fresh pipeline per count. The workers run",
      "in this JVM (see docs/BENCHMARKS.md). Numbers from a shared machine are noisy: compare within one run."
    })
final class BenchPipelineCommand implements Callable<Integer> {
  @Option(
      names = "--cameras",
      paramLabel = "N",
      defaultValue = "1",
      description = "cameras (default: ${DEFAULT-VALUE})")
  int cameras;

  @Option(
      names = "--source",
      paramLabel = "synthetic|rtsp",
      defaultValue = "synthetic",
      description =
          "synthetic: real frames of the video, JPEG-encoded once, produced straight into the frames topic as "
              + "ingest would; rtsp: a looping RTSP server per camera read by the real ingest role (default: ${DEFAULT-VALUE})")
  String source;

  @Option(
      names = "--fps",
      paramLabel = "F",
      defaultValue = "10",
      description = "frames/s per camera (default: ${DEFAULT-VALUE})")
  double fps;

  @Option(
      names = "--duration",
      paramLabel = "S",
      defaultValue = "30",
      description = "timed seconds (default: ${DEFAULT-VALUE})")
  int duration;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      defaultValue = "10",
      description = "seconds run before timing, per workers count (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--workers",
      paramLabel = "M[,M...]",
      split = ",",
      defaultValue = "1",
      description =
          "inference workers in the consumer group; a list sweeps, e.g. 1,2 (default: ${DEFAULT-VALUE})")
  List<Integer> workers;

  @Option(
      names = "--intra-op-threads",
      paramLabel = "T",
      defaultValue = "0",
      description =
          "ONNX Runtime intra-op threads per worker; 0 for its default, one per physical core (default: ${DEFAULT-VALUE})")
  int intraOpThreads;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "ONNX detector (default: ~/.cache/gradstream/models/yolov5s-320.onnx, the 320 import)")
  Path model;

  @Option(
      names = "--input-size",
      paramLabel = "N",
      description = "square model input; default: the model's own (a fixed-size model needs none)")
  Integer inputSize;

  @Option(
      names = "--explain",
      paramLabel = "on|off",
      defaultValue = "on",
      description = "explain every detection (Grad-CAM) (default: ${DEFAULT-VALUE})")
  String explain;

  @Mixin SyntheticFramesArguments frames;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also write the report as JSON to FILE")
  Path json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PipelineBenchSettings settings = settings();
    // The roles' INFO lines (a few dozen per start) would bury the progress lines; warnings still
    // show, and
    // GRADSTREAM_LOG_LEVEL still wins. Restored afterwards: tests run the command inside their own
    // JVM.
    if (!(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            instanceof ch.qos.logback.classic.Logger root)
        || System.getenv("GRADSTREAM_LOG_LEVEL") != null) {
      return run(settings);
    }
    Level level = root.getLevel();
    root.setLevel(Level.WARN);
    try {
      return run(settings);
    } finally {
      root.setLevel(level);
    }
  }

  private int run(PipelineBenchSettings settings) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JpegFramePool pool = null;
    if (settings.source() == Source.SYNTHETIC) {
      pool = frames.load(out);
    }
    PipelineBench bench =
        new PipelineBench(
            settings,
            pool,
            line -> {
              out.println(line);
              out.flush();
            });
    List<PipelineReport.WorkersRun> runs = new ArrayList<>();
    for (int m : settings.workers()) {
      runs.add(bench.run(m));
      if (settings.workers().size() > 1) {
        out.print(
            PipelineTable.section(runs.getLast())); // a long sweep shows each result as it comes
        out.flush();
      }
    }
    PipelineReport report = report(settings, bench, pool, runs);
    out.println();
    out.print(PipelineTable.render(report));
    if (json != null) {
      report.writeJson(json);
      out.printf("report -> %s%n", json);
    }
    out.flush();
    return 0;
  }

  private static PipelineReport report(
      PipelineBenchSettings settings,
      PipelineBench bench,
      JpegFramePool pool,
      List<PipelineReport.WorkersRun> runs) {
    return PipelineReport.assemble(
        MethodDescription.of(
            settings, bench.framesPartitions(), pool == null ? 0 : pool.meanBytes()),
        runs,
        BenchReport.Machine.current());
  }

  private PipelineBenchSettings settings() {
    Source kind =
        switch (source.toLowerCase(Locale.ROOT)) {
          case "synthetic" -> Source.SYNTHETIC;
          case "rtsp" -> Source.RTSP;
          default ->
              throw new ParameterException(
                  spec.commandLine(), "--source must be synthetic or rtsp, got " + source);
        };
    boolean explains =
        switch (explain.toLowerCase(Locale.ROOT)) {
          case "on" -> true;
          case "off" -> false;
          default ->
              throw new ParameterException(
                  spec.commandLine(), "--explain must be on or off, got " + explain);
        };
    if (cameras < 1 || !(fps > 0) || duration < 1 || warmup < 0 || intraOpThreads < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--cameras, --fps and --duration must be "
              + "positive, --warmup and --intra-op-threads not negative");
    }
    frames.validate();
    if (workers.isEmpty() || workers.stream().anyMatch(m -> m < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--workers counts must be positive, got " + workers);
    }
    Path file =
        model != null
            ? model
            : ModelLocation.defaultModelDirectory(Path.of(System.getProperty("user.home")))
                .resolve(BenchDetectorCommand.DEMO_MODEL_320);
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(
          spec.commandLine(),
          "no such model: "
              + file
              + (model == null ? " (run ./scripts/setup.sh to import the 320 demo model)" : ""));
    }
    int fixed = fixedInputSize(file);
    if (inputSize != null && fixed > 0 && inputSize != fixed) {
      throw new ParameterException(
          spec.commandLine(),
          "--input-size "
              + inputSize
              + " does not fit "
              + file.getFileName()
              + ", whose input is fixed at "
              + fixed
              + " (import the model at that size, or use --model)");
    }
    int size = inputSize != null ? inputSize : fixed > 0 ? fixed : 640;
    return new PipelineBenchSettings(
        cameras,
        kind,
        fps,
        Duration.ofSeconds(warmup),
        Duration.ofSeconds(duration),
        workers,
        intraOpThreads,
        file,
        size,
        explains,
        frames.video,
        frames.poolFrames);
  }

  /** The model's fixed square input side, or -1 when it is symbolic. */
  private static int fixedInputSize(Path model) {
    List<TensorInfo> inputs = ModelInfo.read(model).inputs();
    long side = inputs.isEmpty() || inputs.getFirst().rank() != 4 ? -1 : inputs.getFirst().size(3);
    return side > 0 ? Math.toIntExact(side) : -1;
  }
}

package io.gradstream.app;

import io.gradstream.app.bench.BenchFrames;
import io.gradstream.app.bench.BenchReport;
import io.gradstream.app.bench.BenchRunner;
import io.gradstream.app.bench.BenchTable;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.ModelLoadException;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.ExecutionProvider;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gradstream bench detector}: frames per second and per-call latency of the detector. */
@Command(
    name = "detector",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Times the detector's detect() call on real frames, per model and batch size, on the CPU or the",
      "--provider given (exit code 3 when that provider cannot run here).",
      "Frames are decoded from the video once, before anything is timed. Every configuration warms up, then",
      "the timed calls run one after another on one thread, in rounds that alternate the configurations.",
      "Prints frames/s, per-call p50/p99/max latency, per-frame cost, and the median call split into",
      "letterbox / inference / decode+NMS (letterbox and decode timed on their own). Numbers from a shared",
      "machine are noisy: compare rows of one run, and repeat runs (see docs/BENCHMARKS.md)."
    })
final class BenchDetectorCommand implements Callable<Integer> {
  /** The 320 px demo model that setup imports beside the 640 one. */
  static final String DEMO_MODEL_320 = "yolov5s-320.onnx";

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "ONNX detector to measure; repeat for several (default: the demo model "
              + "~/.cache/gradstream/models/yolov5s.onnx, and yolov5s-320.onnx beside it when it exists)")
  List<Path> models = new ArrayList<>();

  @Option(
      names = "--batch",
      paramLabel = "N[,N...]",
      split = ",",
      defaultValue = "1,4",
      description = "frames per detect() call; one configuration each (default: ${DEFAULT-VALUE})")
  List<Integer> batches;

  @Option(
      names = "--frames",
      paramLabel = "N",
      defaultValue = "200",
      description = "frames timed per model and batch size (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "frames run untimed first, per model and batch size (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--threads",
      paramLabel = "T",
      defaultValue = "0",
      description =
          "ONNX Runtime intra-op threads; 0 for its default, one per physical core (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      defaultValue = "5",
      description =
          "turns the timed frames are split into, configurations alternating, so that load drift on a "
              + "shared machine hits all of them alike (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--distinct-frames",
      paramLabel = "N",
      defaultValue = "32",
      description =
          "real frames decoded once and cycled through, spread over the video (default: ${DEFAULT-VALUE})")
  int distinctFrames;

  @Option(
      names = "--video",
      paramLabel = "FILE",
      defaultValue = BenchFrames.DEFAULT_VIDEO,
      description = "footage to take the frames from (default: ${DEFAULT-VALUE}, 768x576)")
  Path video;

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      defaultValue = "cpu",
      converter = ProviderConverter.class,
      description =
          "ONNX Runtime execution provider: cpu, cuda or tensorrt (FP16), with no fallback; cuda and"
              + " tensorrt need a build with -Pgpu and CUDA 12 / TensorRT 10 (default: ${DEFAULT-VALUE})")
  ExecutionProvider provider;

  @Option(
      names = "--tensorrt-engine-cache",
      paramLabel = "DIR",
      description =
          "with --provider tensorrt: keep the built engines in DIR, so that a second run loads them"
              + " instead of building them again")
  Path tensorrtEngineCache;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also write the report as JSON to FILE")
  Path json;

  /** The exit code when --provider cannot run here (scripts/gpu-check.sh reports it as skipped). */
  static final int PROVIDER_UNAVAILABLE = 3;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BenchRunner.Settings settings = settings();
    List<Path> files = models.isEmpty() ? demoModels() : models;
    PrintWriter out = spec.commandLine().getOut();

    out.printf(Locale.ROOT, "decoding %d frames of %s (not timed)%n", distinctFrames, video);
    out.flush();
    List<BgrImage> pool = BenchFrames.decode(video, distinctFrames);
    BgrImage first = pool.getFirst();
    BenchReport.Method method =
        new BenchReport.Method(
            video.toString(),
            pool.size(),
            first.width() + "x" + first.height(),
            frames,
            warmup,
            rounds,
            threads);

    List<BenchReport.Configuration> results;
    try {
      results =
          BenchRunner.run(
              files,
              pool,
              settings,
              line -> {
                out.println(line);
                out.flush();
              });
    } catch (ModelLoadException e) {
      if (provider == ExecutionProvider.CPU) {
        throw e;
      }
      spec.commandLine()
          .getErr()
          .printf(
              "bench detector: provider %s is not available here, nothing measured: %s%n",
              provider.configName(), e.getMessage());
      return PROVIDER_UNAVAILABLE;
    }

    BenchReport report =
        new BenchReport(Instant.now().toString(), BenchReport.Machine.current(), method, results);
    out.println();
    out.print(BenchTable.render(report));
    if (json != null) {
      report.writeJson(json);
      out.printf("report -> %s%n", json);
    }
    out.flush();
    return 0;
  }

  private BenchRunner.Settings settings() {
    if (batches.isEmpty() || batches.stream().anyMatch(b -> b <= 0)) {
      throw new ParameterException(
          spec.commandLine(), "--batch sizes must be positive, got " + batches);
    }
    if (frames <= 0 || rounds <= 0 || distinctFrames <= 0 || warmup < 0 || threads < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--frames, --rounds and --distinct-frames must be positive, --warmup and --threads not negative");
    }
    if (!Files.isRegularFile(video)) {
      throw new ParameterException(
          spec.commandLine(), "no such video: " + video + " (set --video)");
    }
    for (Path model : models) {
      if (!Files.isRegularFile(model)) {
        throw new ParameterException(spec.commandLine(), "no such model: " + model);
      }
    }
    return new BenchRunner.Settings(
        batches, frames, warmup, rounds, threads, provider, tensorrtEngineCache);
  }

  /** Parses --provider, listing the names there are. */
  static final class ProviderConverter
      implements picocli.CommandLine.ITypeConverter<ExecutionProvider> {
    @Override
    public ExecutionProvider convert(String value) {
      try {
        return ExecutionProvider.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * The 640 demo model (the detector reports it missing, with the setup hint), and the 320 one if
   * present.
   */
  static List<Path> demoModels() {
    Path dir = ModelLocation.defaultModelDirectory(Path.of(System.getProperty("user.home")));
    List<Path> files = new ArrayList<>(List.of(dir.resolve(ModelLocation.DEMO_MODEL_FILE)));
    if (Files.isRegularFile(dir.resolve(DEMO_MODEL_320))) {
      files.add(dir.resolve(DEMO_MODEL_320));
    }
    return files;
  }
}

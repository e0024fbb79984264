package io.gradstream.app;

import io.gradstream.app.bench.BenchFrames;
import io.gradstream.app.bench.BenchReport;
import io.gradstream.app.bench.BenchTable;
import io.gradstream.app.bench.DetectorBench;
import io.gradstream.app.bench.StageProbe;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.model.ModelInfo;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
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
@Command(name = "detector", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Times the detector's detect() call on real frames, per model and batch size, on the CPU.",
        "Frames are decoded from the video once, before anything is timed; each configuration warms up, then",
        "times one call after another on one thread. Prints frames/s, per-call p50/p99/max latency, per-frame",
        "cost, and the call split into letterbox / inference / decode+NMS (letterbox and decode timed on their",
        "own). Numbers from a shared or busy machine are noisy: compare rows of one run, repeat runs."})
final class BenchDetectorCommand implements Callable<Integer> {
  /** The 320 px demo model an import with {@code --input-size 320} writes beside the 640 one. */
  static final String DEMO_MODEL_320 = "yolov5s-320.onnx";
  /** Seconds between progress lines. */
  private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;
  /** Frames the stage probe letterboxes and decodes, and how often each. */
  private static final int PROBE_FRAMES = 8;
  private static final int PROBE_REPEATS = 5;
  /** Input side assumed for a model whose input size is symbolic. */
  private static final int SYMBOLIC_INPUT_SIZE = 640;

  @Option(names = "--model", paramLabel = "FILE",
      description = "ONNX detector to measure; repeat for several (default: the demo model "
          + "~/.cache/gradstream/models/yolov5s.onnx, and yolov5s-320.onnx beside it when it exists)")
  List<Path> models = new ArrayList<>();

  @Option(names = "--batch", paramLabel = "N[,N...]", split = ",", defaultValue = "1,4",
      description = "frames per detect() call; one configuration each (default: ${DEFAULT-VALUE})")
  List<Integer> batches;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "200",
      description = "frames timed per model and batch size (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
      description = "frames run untimed first, per model and batch size (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
      description = "ONNX Runtime intra-op threads; 0 for its default, one per physical core (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--distinct-frames", paramLabel = "N", defaultValue = "32",
      description = "real frames decoded once and cycled through, spread over the video (default: ${DEFAULT-VALUE})")
  int distinctFrames;

  @Option(names = "--video", paramLabel = "FILE", defaultValue = BenchFrames.DEFAULT_VIDEO,
      description = "footage to take the frames from (default: ${DEFAULT-VALUE}, 768x576)")
  Path video;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON to FILE")
  Path json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    validate();
    List<Path> files = models.isEmpty() ? demoModels() : models;
    PrintWriter out = spec.commandLine().getOut();

    out.printf(Locale.ROOT, "decoding %d frames of %s (not timed)%n", distinctFrames, video);
    out.flush();
    List<BgrImage> pool = BenchFrames.decode(video, distinctFrames);
    BgrImage first = pool.getFirst();
    BenchReport.Method method = new BenchReport.Method(video.toString(), pool.size(),
        first.width() + "x" + first.height(), frames, warmup, threads);

    List<BenchReport.Configuration> results = new ArrayList<>();
    int total = files.size() * batches.size();
    for (Path file : files) {
      DetectorOptions options = DetectorOptions.defaults().withInputSize(inputSize(file)).withIntraOpThreads(threads);
      try (OnnxYoloDetector detector = OnnxYoloDetector.open(new ModelLocation(file,
          ModelLocation.labelsBeside(file), false), options)) {
        String name = file.getFileName() + " " + detector.inputSize();
        out.printf(Locale.ROOT, "%s: timing letterbox and decode+NMS on their own%n", name);
        out.flush();
        StageProbe.StageTimes stages = StageProbe.measure(detector, options, pool, PROBE_FRAMES, PROBE_REPEATS);
        for (int batch : batches) {
          String label = String.format(Locale.ROOT, "[%d/%d] %s batch %d", results.size() + 1, total, name, batch);
          DetectorBench.Measurement m = DetectorBench.run(detector, pool,
              new DetectorBench.Plan(batch, frames, warmup), progressPrinter(out, label, batch));
          out.printf(Locale.ROOT, "%s: done, %d calls, %.2f frames/s, call p50 %.1f ms%n", label, m.calls(),
              m.framesPerSecond(), m.callMs().p50());
          out.flush();
          results.add(BenchReport.Configuration.of(detector.modelId(), file, detector.inputSize(),
              detector.executionProvider().toString(), m, stages));
        }
      }
    }

    BenchReport report = new BenchReport(Instant.now().toString(), BenchReport.Machine.current(), method, results);
    out.println();
    out.print(BenchTable.render(report));
    if (json != null) {
      report.writeJson(json);
      out.printf("report -> %s%n", json);
    }
    out.flush();
    return 0;
  }

  private void validate() {
    if (frames <= 0 || warmup < 0 || distinctFrames <= 0 || threads < 0) {
      throw new ParameterException(spec.commandLine(),
          "--frames and --distinct-frames must be positive, --warmup and --threads not negative");
    }
    if (batches.isEmpty() || batches.stream().anyMatch(b -> b <= 0)) {
      throw new ParameterException(spec.commandLine(), "--batch sizes must be positive, got " + batches);
    }
    if (!Files.isRegularFile(video)) {
      throw new ParameterException(spec.commandLine(), "no such video: " + video + " (set --video)");
    }
    for (Path model : models) {
      if (!Files.isRegularFile(model)) {
        throw new ParameterException(spec.commandLine(), "no such model: " + model);
      }
    }
  }

  /** The 640 demo model (its absence is reported by the detector with the setup hint), and the 320 one if present. */
  private static List<Path> demoModels() {
    Path dir = ModelLocation.defaultModelDirectory(Path.of(System.getProperty("user.home")));
    List<Path> files = new ArrayList<>(List.of(dir.resolve(ModelLocation.DEMO_MODEL_FILE)));
    if (Files.isRegularFile(dir.resolve(DEMO_MODEL_320))) {
      files.add(dir.resolve(DEMO_MODEL_320));
    }
    return files;
  }

  /** The model's fixed input side, so the detector does not warn that the configured size was overridden. */
  private static int inputSize(Path model) {
    if (!Files.isRegularFile(model)) {
      return SYMBOLIC_INPUT_SIZE;              // the detector reports the missing file
    }
    var inputs = ModelInfo.read(model).inputs();
    long side = inputs.isEmpty() || inputs.getFirst().rank() != 4 ? -1 : inputs.getFirst().size(2);
    return side > 0 ? Math.toIntExact(side) : SYMBOLIC_INPUT_SIZE;
  }

  private static DetectorBench.Progress progressPrinter(PrintWriter out, String label, int batch) {
    long[] last = {System.nanoTime()};
    return (phase, calls, totalCalls, elapsedNanos) -> {
      long now = System.nanoTime();
      if (now - last[0] < PROGRESS_INTERVAL_NANOS) {
        return;
      }
      last[0] = now;
      double fps = calls * batch / Math.max(1e-9, elapsedNanos / 1e9);
      out.printf(Locale.ROOT, "%s: %s %d/%d calls, %.2f frames/s%n", label,
          phase == DetectorBench.Phase.WARMUP ? "warm-up" : "timed", calls, totalCalls, fps);
      out.flush();
    };
  }
}

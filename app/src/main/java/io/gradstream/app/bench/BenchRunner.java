package io.gradstream.app.bench;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.ExecutionProvider;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.modelimport.ModelInfo;
import io.gradstream.modelimport.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Benchmarks every model at every batch size. All models are loaded first; each configuration
 * (model x batch) warms up; then the timed calls run in rounds, each round giving every
 * configuration its share of calls in turn. On a shared machine the load drifts over minutes; in
 * rounds the drift falls on all configurations alike, so their ratios within one run hold better
 * than if each ran its calls in one block.
 */
public final class BenchRunner {
  /** Frames the stage probe letterboxes and decodes, and how often each. */
  private static final int PROBE_FRAMES = 8;

  private static final int PROBE_REPEATS = 5;

  /** Input side assumed for a model whose input size is symbolic. */
  private static final int SYMBOLIC_INPUT_SIZE = 640;

  /** Between progress lines inside one slice. */
  private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

  private BenchRunner() {}

  /**
   * What to run.
   *
   * @param batches frames per {@code detect} call; one configuration per model and batch size
   * @param frames frames timed per configuration; calls are {@code ceil(frames / batch)}
   * @param warmupFrames frames run untimed per configuration first; calls are {@code
   *     ceil(warmupFrames / batch)}
   * @param rounds turns the timed calls are split into
   * @param threads ONNX Runtime intra-op threads, 0 for its default
   * @param provider the execution provider the models run on, with no fallback: a provider this
   *     build or host does not have fails the run
   * @param tensorrtEngineCache where the TensorRT provider keeps its engines; null for none
   */
  public record Settings(
      List<Integer> batches,
      int frames,
      int warmupFrames,
      int rounds,
      int threads,
      ExecutionProvider provider,
      Path tensorrtEngineCache) {
    /** On the CPU. */
    public Settings(List<Integer> batches, int frames, int warmupFrames, int rounds, int threads) {
      this(batches, frames, warmupFrames, rounds, threads, ExecutionProvider.CPU, null);
    }

    public Settings {
      java.util.Objects.requireNonNull(provider, "provider");
      batches = List.copyOf(batches);
      if (batches.isEmpty() || batches.stream().anyMatch(b -> b <= 0)) {
        throw new IllegalArgumentException("batch sizes must be positive, got " + batches);
      }
      if (frames <= 0 || warmupFrames < 0 || rounds <= 0 || threads < 0) {
        throw new IllegalArgumentException(
            "frames and rounds must be positive, warm-up and threads not negative");
      }
    }

    int calls(int batch) {
      return ceilDiv(frames, batch);
    }

    int warmupCalls(int batch) {
      return ceilDiv(warmupFrames, batch);
    }

    /**
     * Calls of round {@code round} (0-based): an even split of {@code calls}, the remainder spread
     * out.
     */
    int callsInRound(int batch, int round) {
      long calls = calls(batch);
      return (int) (calls * (round + 1) / rounds - calls * round / rounds);
    }

    private static int ceilDiv(int a, int b) {
      return (a + b - 1) / b;
    }
  }

  private record Config(
      Path file,
      OnnxYoloDetector detector,
      StageProbe.StageTimes stages,
      DetectorBench.Tally tally,
      String label) {}

  /**
   * Runs every model at every batch size on frames from {@code pool}.
   *
   * @param progress receives progress lines as the run goes
   * @return one entry per model and batch size, models in the given order
   */
  public static List<BenchReport.Configuration> run(
      List<Path> models, List<BgrImage> pool, Settings settings, Consumer<String> progress) {
    List<OnnxYoloDetector> opened = new ArrayList<>();
    try {
      List<Config> configs = new ArrayList<>();
      int total = models.size() * settings.batches().size();
      for (Path file : models) {
        DetectorOptions options =
            DetectorOptions.defaults()
                .withInputSize(inputSize(file))
                .withIntraOpThreads(settings.threads())
                .withExecutionProviders(List.of(settings.provider()))
                .withTensorrtEngineCache(settings.tensorrtEngineCache());
        OnnxYoloDetector detector =
            OnnxYoloDetector.open(
                new ModelLocation(file, ModelLocation.labelsBeside(file), false), options);
        opened.add(detector);
        String name = file.getFileName() + " " + detector.inputSize();
        progress.accept(name + ": timing letterbox and decode+NMS on their own");
        StageProbe.StageTimes stages =
            StageProbe.measure(detector, options, pool, PROBE_FRAMES, PROBE_REPEATS);
        for (int batch : settings.batches()) {
          String label =
              String.format(
                  Locale.ROOT, "[%d/%d] %s batch %d", configs.size() + 1, total, name, batch);
          configs.add(new Config(file, detector, stages, new DetectorBench.Tally(batch), label));
        }
      }
      for (Config c : configs) {
        int calls = settings.warmupCalls(c.tally().batch());
        progress.accept(String.format(Locale.ROOT, "%s: warm-up, %d calls", c.label(), calls));
        DetectorBench.warmUp(
            c.detector(),
            pool,
            c.tally(),
            calls,
            throttled(progress, c.label(), c.tally().batch()));
      }
      for (int round = 0; round < settings.rounds(); round++) {
        for (Config c : configs) {
          int calls = settings.callsInRound(c.tally().batch(), round);
          if (calls == 0) {
            continue;
          }
          DetectorBench.time(
              c.detector(),
              pool,
              c.tally(),
              calls,
              throttled(progress, c.label(), c.tally().batch()));
          DetectorBench.Measurement sofar = c.tally().measurement();
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "round %d/%d %s: %d/%d calls timed, %.2f frames/s, call p50 %.1f ms",
                  round + 1,
                  settings.rounds(),
                  c.label(),
                  sofar.calls(),
                  settings.calls(c.tally().batch()),
                  sofar.framesPerSecond(),
                  sofar.callMs().p50()));
        }
      }
      return configs.stream()
          .map(
              c ->
                  BenchReport.Configuration.of(
                      c.detector().modelId(),
                      c.file(),
                      c.detector().inputSize(),
                      c.detector().executionProvider().toString(),
                      c.tally().measurement(),
                      c.stages()))
          .toList();
    } finally {
      opened.forEach(OnnxYoloDetector::close);
    }
  }

  /**
   * The model's fixed input side, so the detector does not warn that the configured size was
   * overridden.
   */
  private static int inputSize(Path model) {
    if (!Files.isRegularFile(model)) {
      return SYMBOLIC_INPUT_SIZE; // the detector reports the missing file, with the setup hint
    }
    List<TensorInfo> inputs = ModelInfo.read(model).inputs();
    long side = inputs.isEmpty() || inputs.getFirst().rank() != 4 ? -1 : inputs.getFirst().size(2);
    return side > 0 ? Math.toIntExact(side) : SYMBOLIC_INPUT_SIZE;
  }

  private static DetectorBench.Progress throttled(
      Consumer<String> progress, String label, int batch) {
    long[] last = {System.nanoTime()};
    return (phase, calls, totalCalls, elapsedNanos) -> {
      long now = System.nanoTime();
      if (now - last[0] < PROGRESS_INTERVAL_NANOS) {
        return;
      }
      last[0] = now;
      progress.accept(
          String.format(
              Locale.ROOT,
              "%s: %s %d/%d calls, %.2f frames/s",
              label,
              phase == DetectorBench.Phase.WARMUP ? "warm-up" : "timing",
              calls,
              totalCalls,
              calls * batch / Math.max(1e-9, elapsedNanos / 1e9)));
    };
  }
}

package io.gradstream.app;

import io.gradstream.app.detect.ImageDetection;
import io.gradstream.app.detect.MediaKind;
import io.gradstream.app.detect.VideoDetection;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gradstream detect}: the configured detector on one image or video file, no Kafka. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the detector (inference.* settings) on an image or a video file, without Kafka, and writes:",
      "  image: DIR/NAME.detections.png (boxes, labels, scores drawn) and DIR/NAME.detections.json",
      "  video: DIR/NAME.detections.mp4 (H.264, boxes drawn) and DIR/NAME.detections.jsonl (a line per frame)"
    })
final class DetectCommand implements Callable<Integer> {
  /** Seconds between progress lines for a video. */
  private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

  @Mixin MediaArguments media;

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    media.requireInput();
    GradstreamConfig loaded = config.load();
    Files.createDirectories(media.outputDir);
    PrintWriter out = spec.commandLine().getOut();
    // Boxes only: explaining here would cost time for maps nobody sees (gradstream explain draws
    // them).
    try (OnnxYoloDetector detector =
        OnnxYoloDetector.open(
            ModelLocation.resolve(loaded.inference()),
            DetectorOptions.from(loaded.inference()).withExplainMethod(""))) {
      out.printf(
          Locale.ROOT,
          "model %s (%s, input %d, %s)%n",
          detector.modelId(),
          detector.layout().name().toLowerCase(Locale.ROOT),
          detector.inputSize(),
          detector.executionProvider());
      if (MediaKind.of(media.input) == MediaKind.IMAGE) {
        ImageDetection.Result result = ImageDetection.run(detector, media.input, media.outputDir);
        for (Detection d : result.detections()) {
          out.printf(
              Locale.ROOT,
              "  %-14s %.2f  [%.0f, %.0f, %.0f, %.0f]%n",
              d.label(),
              d.score(),
              d.box().x1(),
              d.box().y1(),
              d.box().x2(),
              d.box().y2());
        }
        out.printf(
            Locale.ROOT,
            "%d detections -> %s, %s%n",
            result.detections().size(),
            result.png(),
            result.json());
      } else {
        long start = System.nanoTime();
        long[] lastReport = {start};
        VideoDetection.Result result =
            VideoDetection.run(
                detector,
                media.input,
                media.outputDir,
                media.maxFrames,
                (frames, total, detections) -> {
                  long now = System.nanoTime();
                  if (now - lastReport[0] >= PROGRESS_INTERVAL_NANOS) {
                    lastReport[0] = now;
                    out.println(progressLine(frames, total, detections, now - start));
                    out.flush();
                  }
                });
        long elapsed = System.nanoTime() - start;
        out.println(progressLine(result.frames(), result.frames(), result.detections(), elapsed));
        out.printf(
            Locale.ROOT, "%d frames -> %s, %s%n", result.frames(), result.mp4(), result.jsonl());
      }
    }
    out.flush();
    return 0;
  }

  private static String progressLine(long frames, long total, long detections, long elapsedNanos) {
    double fps = frames / Math.max(1e-9, elapsedNanos / 1e9);
    String of =
        total > 0 ? String.format(Locale.ROOT, "/%d (%d%%)", total, 100 * frames / total) : "";
    return String.format(
        Locale.ROOT, "frame %d%s, %.1f fps, %d detections", frames, of, fps, detections);
  }
}

package io.gradstream.app;

import io.gradstream.app.detect.MediaKind;
import io.gradstream.app.detect.VideoDetection;
import io.gradstream.app.explain.DRiseAudit;
import io.gradstream.app.explain.ExplanationJson;
import io.gradstream.app.explain.ExplanationPainter;
import io.gradstream.app.explain.ImageExplanation;
import io.gradstream.common.config.ExplainConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.inference.track.CameraTracker;
import io.gradstream.inference.track.TrackerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gradstream explain}: every detection of an image or video with its heatmap, no Kafka. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Detects and explains every detection (inference.* settings) in an image or a video file, and writes:",
      "  image: DIR/NAME.explained.png (all maps and boxes), DIR/NAME.NN-LABEL.png (one per detection),",
      "         DIR/NAME.explanations.json (boxes, scores, method, layer, map size)",
      "  video: DIR/NAME.explained.mp4 (all maps and boxes) and DIR/NAME.explained.jsonl (a line per frame)",
      "Maps are computed on the detection's head level (see docs/EXPLANATIONS.md)."
    })
final class ExplainCommand implements Callable<Integer> {
  @Mixin MediaArguments media;

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      description =
          "gradcam, hirescam, gradcam++, eigencam, or drise (images only: the slow black-box audit, one "
              + "forward pass per mask) (default: inference.explain.method, gradcam)")
  String method;

  @Option(
      names = "--masks",
      paramLabel = "N",
      defaultValue = "500",
      description = "drise: random masks, one forward pass each (default: ${DEFAULT-VALUE})")
  int masks;

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  private static final String DRISE = "drise";

  @Override
  public Integer call() throws Exception {
    media.requireInput();
    GradstreamConfig loaded = config.load();
    String chosen = method != null ? method : loaded.inference().explain().method();
    boolean drise = chosen.equals(DRISE);
    if (!ExplainConfig.METHODS.contains(chosen) && !drise) {
      throw new ParameterException(
          spec.commandLine(),
          "--method " + chosen + " is not one of " + ExplainConfig.METHODS + " or " + DRISE);
    }
    if (drise && (MediaKind.of(media.input) != MediaKind.IMAGE || masks < 1)) {
      throw new ParameterException(
          spec.commandLine(),
          masks < 1
              ? "--masks must be at least 1"
              : "--method drise explains still images only: it runs one forward pass per mask ("
                  + masks
                  + " per frame)");
    }
    Files.createDirectories(media.outputDir);
    PrintWriter out = spec.commandLine().getOut();
    if (drise) {
      return audit(loaded, out);
    }
    DetectorOptions options = DetectorOptions.from(loaded.inference()).withExplainMethod(chosen);
    try (OnnxYoloDetector detector =
        OnnxYoloDetector.open(ModelLocation.resolve(loaded.inference()), options)) {
      if (!detector.explains()) {
        throw new ParameterException(
            spec.commandLine(),
            "model "
                + detector.modelId()
                + " cannot be explained with "
                + chosen
                + ": the event=explanations-off line above says why");
      }
      out.printf(
          Locale.ROOT,
          "model %s (input %d, %s), method %s%n",
          detector.modelId(),
          detector.inputSize(),
          detector.executionProvider(),
          chosen);
      if (MediaKind.of(media.input) == MediaKind.IMAGE) {
        report(out, ImageExplanation.run(detector, chosen, media.input, media.outputDir));
      } else {
        ExplanationPainter painter = new ExplanationPainter(detector.inputSize());
        // The worker's tracker, so that each detection's reliability reads its track as the
        // worker's does.
        CameraTracker tracker = new CameraTracker(TrackerConfig.defaults());
        VideoDetection.Result result =
            VideoDetection.run(
                detector,
                media.input,
                media.outputDir,
                "explained",
                new VideoDetection.Annotator() {
                  @Override
                  public List<Detection> follow(List<Detection> found) {
                    return tracker.update(found).stream()
                        .map(
                            t -> detector.scoreAlongTrack(t.detection(), t.frames(), t.meanScore()))
                        .toList();
                  }

                  @Override
                  public void paint(Mat frame, List<Detection> found) {
                    painter.paintAll(frame, found);
                  }

                  @Override
                  public Object line(long frame, double timeMs, List<Detection> found) {
                    return new ExplanationJson.FrameResult(
                        frame, timeMs, ExplanationJson.items(found, null));
                  }
                },
                media.maxFrames,
                (frames, total, detections) -> {});
        out.printf(
            Locale.ROOT,
            "%d frames, %d detections explained -> %s, %s%n",
            result.frames(),
            result.detections(),
            result.mp4(),
            result.jsonl());
      }
    }
    out.flush();
    return 0;
  }

  private static void report(PrintWriter out, ImageExplanation.Result result) {
    for (int i = 0; i < result.detections().size(); i++) {
      Detection d = result.detections().get(i);
      var q = d.explanation().quality();
      out.printf(
          Locale.ROOT,
          "  %-14s %.2f  [%.0f, %.0f, %.0f, %.0f]  %dx%d map, in box %.2f, confidence %.2f -> %s%n",
          d.label(),
          d.score(),
          d.box().x1(),
          d.box().y1(),
          d.box().x2(),
          d.box().y2(),
          d.explanation().map().width(),
          d.explanation().map().height(),
          q.energyInBox(),
          q.confidence(),
          result.overlays().get(i).getFileName());
    }
    out.printf(
        Locale.ROOT,
        "%d detections explained -> %s, %s%n",
        result.detections().size(),
        result.combined(),
        result.json());
  }

  private int audit(GradstreamConfig loaded, PrintWriter out) throws Exception {
    DetectorOptions options = DetectorOptions.from(loaded.inference()).withExplainMethod("");
    try (OnnxYoloDetector detector =
            OnnxYoloDetector.open(ModelLocation.resolve(loaded.inference()), options);
        DRiseAudit audit = new DRiseAudit(detector, masks)) {
      out.printf(
          Locale.ROOT,
          "model %s (input %d), method drise, %d masks%n",
          detector.modelId(),
          detector.inputSize(),
          masks);
      out.flush();
      int step = Math.max(1, masks / 10);
      int[] reported = {0};
      ImageExplanation.Result result =
          ImageExplanation.run(
              detector,
              DRISE,
              frame ->
                  audit.explain(
                      frame,
                      done -> {
                        if (done - reported[0] >= step || done == masks) {
                          reported[0] = done;
                          out.printf(Locale.ROOT, "  masks %d/%d%n", done, masks);
                          out.flush();
                        }
                      }),
              media.input,
              media.outputDir);
      report(out, result);
    }
    out.flush();
    return 0;
  }
}

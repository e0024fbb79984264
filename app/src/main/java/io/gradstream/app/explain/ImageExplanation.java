package io.gradstream.app.explain;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.gradstream.app.detect.DetectionJson;
import io.gradstream.app.detect.MediaKind;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.image.BgrMats;
import io.gradstream.inference.image.ImageDecodeException;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Explains every detection of one still image: DIR/NAME.explained.png (all maps and boxes),
 * DIR/NAME.NN-LABEL.png per detection (its map and box alone) and DIR/NAME.explanations.json.
 */
public final class ImageExplanation {
  private ImageExplanation() {}

  /**
   * What was written.
   *
   * @param combined all maps and boxes
   * @param overlays one per detection, in score order
   * @param json the numbers
   * @param detections what was found and explained
   */
  public record Result(Path combined, List<Path> overlays, Path json, List<Detection> detections) {}

  /** Explains with the detector's own explainer (it must have been opened with one). */
  public static Result run(OnnxYoloDetector detector, String method, Path image, Path outputDir)
      throws IOException {
    return run(
        detector,
        method,
        frame -> detector.detectAndExplain(List.of(frame)).get(0).detections(),
        image,
        outputDir);
  }

  /** Explains with {@code explainer}: the image's detections, each with its explanation. */
  public static Result run(
      OnnxYoloDetector detector,
      String method,
      Function<BgrImage, List<Detection>> explainer,
      Path image,
      Path outputDir)
      throws IOException {
    String base = MediaKind.baseName(image);
    ExplanationPainter painter = new ExplanationPainter(detector.inputSize());
    try (PointerScope scope = new PointerScope()) {
      Mat mat = imread(image.toString(), IMREAD_COLOR);
      if (mat == null || mat.empty()) {
        throw new ImageDecodeException(
            "cannot read " + image + " as an image (missing, unreadable or not an image)");
      }
      BgrImage frame = BgrMats.toImage(mat);
      List<Detection> detections = explainer.apply(frame);
      List<Path> overlays = new ArrayList<>();
      for (int i = 0; i < detections.size(); i++) {
        Detection d = detections.get(i);
        Mat one = mat.clone();
        painter.paintOne(one, d);
        Path file =
            outputDir.resolve(
                String.format(
                    Locale.ROOT, "%s.%02d-%s.png", base, i + 1, d.label().replace(' ', '-')));
        write(file, one);
        overlays.add(file);
      }
      Mat all = mat.clone();
      painter.paintAll(all, detections);
      Path combined = outputDir.resolve(base + ".explained.png");
      write(combined, all);
      Path json = outputDir.resolve(base + ".explanations.json");
      DetectionJson.pretty()
          .writeValue(
              json.toFile(),
              new ExplanationJson.ImageResult(
                  image.toString(),
                  detector.modelId(),
                  method,
                  frame.width(),
                  frame.height(),
                  combined.getFileName().toString(),
                  ExplanationJson.items(
                      detections,
                      overlays.stream().map(p -> p.getFileName().toString()).toList())));
      return new Result(combined, overlays, json, detections);
    }
  }

  private static void write(Path file, Mat mat) throws IOException {
    if (!imwrite(file.toString(), mat)) {
      throw new IOException("could not write " + file);
    }
  }
}

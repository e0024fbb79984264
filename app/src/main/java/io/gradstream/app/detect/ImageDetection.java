package io.gradstream.app.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import io.gradstream.inference.image.BgrMats;
import io.gradstream.inference.image.ImageDecodeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/** Detects objects in one still image; writes it with the detections drawn (PNG) and as JSON. */
public final class ImageDetection {
  private ImageDetection() {}

  /**
   * What was written.
   *
   * @param png the annotated image
   * @param json the detections
   * @param detections what was found
   */
  public record Result(Path png, Path json, List<Detection> detections) {}

  public static Result run(Detector detector, Path image, Path outputDir) throws IOException {
    String base = MediaKind.baseName(image);
    Path png = outputDir.resolve(base + ".detections.png");
    Path json = outputDir.resolve(base + ".detections.json");
    try (PointerScope scope = new PointerScope()) {
      Mat mat = imread(image.toString(), IMREAD_COLOR);
      if (mat == null || mat.empty()) {
        throw new ImageDecodeException(
            "cannot read " + image + " as an image (missing, unreadable or not an image)");
      }
      BgrImage frame = BgrMats.toImage(mat);
      List<Detection> detections = detector.detect(List.of(frame)).get(0);
      DetectionPainter.paint(mat, detections);
      if (!imwrite(png.toString(), mat)) {
        throw new IOException("could not write " + png);
      }
      DetectionJson.pretty()
          .writeValue(
              json.toFile(),
              new DetectionJson.ImageResult(
                  image.toString(),
                  detector.modelId(),
                  frame.width(),
                  frame.height(),
                  DetectionJson.items(detections)));
      return new Result(png, json, detections);
    }
  }
}

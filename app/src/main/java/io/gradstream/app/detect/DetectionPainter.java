package io.gradstream.app.detect;

import io.gradstream.inference.detect.Detection;
import io.gradstream.publisher.render.BoxOverlay;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Draws the detector's detections as the publisher draws wire detections: a box and a "label score"
 * tag.
 */
public final class DetectionPainter {
  private DetectionPainter() {}

  /** Draws {@code detections} on {@code frame} in place; the highest score ends up on top. */
  public static void paint(Mat frame, List<Detection> detections) {
    BoxOverlay.paint(
        frame,
        detections.stream()
            .map(
                d ->
                    new BoxOverlay.LabelledBox(
                        d.classId(),
                        String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()),
                        d.box().x1(),
                        d.box().y1(),
                        d.box().x2(),
                        d.box().y2()))
            .toList());
  }
}

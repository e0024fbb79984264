package io.gradstream.app.explain;

import io.gradstream.app.detect.DetectionPainter;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import io.gradstream.publisher.render.HeatmapOverlay;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Paints detections with their maps: one detection alone, or all of a frame's maps at once. */
public final class ExplanationPainter {
  private final Letterbox letterbox;

  /**
   * @param inputSize the detector's square input side
   */
  public ExplanationPainter(int inputSize) {
    this.letterbox = new Letterbox(inputSize);
  }

  /** All maps (their per-pixel maximum) and all boxes, in place. */
  public void paintAll(Mat frame, List<Detection> detections) {
    LetterboxTransform geometry = letterbox.geometry(frame.cols(), frame.rows());
    HeatmapOverlay.blendMaximum(
        frame,
        detections.stream()
            .filter(d -> d.explanation() != null)
            .map(d -> heat(d, geometry))
            .toList(),
        HeatmapOverlay.DEFAULT_OPACITY);
    DetectionPainter.paint(frame, detections);
  }

  /** One detection's map and box, in place. */
  public void paintOne(Mat frame, Detection detection) {
    if (detection.explanation() != null) {
      LetterboxTransform geometry = letterbox.geometry(frame.cols(), frame.rows());
      HeatmapOverlay.blend(frame, heat(detection, geometry), HeatmapOverlay.DEFAULT_OPACITY);
    }
    DetectionPainter.paint(frame, List.of(detection));
  }

  private static Mat heat(Detection d, LetterboxTransform geometry) {
    var map = d.explanation().map();
    return HeatmapOverlay.toFrame(
        map.pixels(), map.width(), map.height(), d.explanation().stride(), geometry.placement());
  }
}

package io.gradstream.app.explain;

import io.gradstream.app.detect.DetectionPainter;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Paints detections with their maps: one detection alone, or all of a frame's maps at once. */
public final class ExplanationPainter {
  private final Letterbox letterbox;

  /** @param inputSize the detector's square input side */
  public ExplanationPainter(int inputSize) {
    this.letterbox = new Letterbox(inputSize);
  }

  /** All maps (their per-pixel maximum) and all boxes, in place. */
  public void paintAll(Mat frame, List<Detection> detections) {
    LetterboxTransform geometry = letterbox.geometry(frame.cols(), frame.rows());
    HeatmapPainter.blendMaximum(frame, detections.stream().filter(d -> d.explanation() != null)
        .map(d -> HeatmapPainter.toFrame(d.explanation().map(), d.explanation().stride(), geometry)).toList());
    DetectionPainter.paint(frame, detections);
  }

  /** One detection's map and box, in place. */
  public void paintOne(Mat frame, Detection detection) {
    if (detection.explanation() != null) {
      LetterboxTransform geometry = letterbox.geometry(frame.cols(), frame.rows());
      HeatmapPainter.blend(frame, HeatmapPainter.toFrame(detection.explanation().map(), detection.explanation().stride(), geometry));
    }
    DetectionPainter.paint(frame, List.of(detection));
  }
}

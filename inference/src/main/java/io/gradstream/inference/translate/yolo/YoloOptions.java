package io.gradstream.inference.translate.yolo;

import io.gradstream.explain.yolo.BoxUnits;

/**
 * Post-processing settings shared by the YOLO layouts.
 *
 * @param confidenceThreshold boxes scoring below this are dropped before NMS
 * @param iouThreshold NMS: same-class boxes overlapping more than this are merged
 * @param maxDetections at most this many detections per image, the highest scores
 * @param boxUnits units of the model's box coordinates
 */
public record YoloOptions(
    float confidenceThreshold, float iouThreshold, int maxDetections, BoxUnits boxUnits) {

  /** Ultralytics' default cap on detections per image. */
  public static final int DEFAULT_MAX_DETECTIONS = 300;

  public YoloOptions {
    if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
      throw new IllegalArgumentException(
          "confidence threshold must be in 0-1, got " + confidenceThreshold);
    }
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("IoU threshold must be in 0-1, got " + iouThreshold);
    }
    if (maxDetections <= 0) {
      throw new IllegalArgumentException("max detections must be positive, got " + maxDetections);
    }
  }

  /** These options with other box units. */
  public YoloOptions withBoxUnits(BoxUnits units) {
    return new YoloOptions(confidenceThreshold, iouThreshold, maxDetections, units);
  }
}

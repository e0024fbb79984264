package io.gradstream.inference.detect;

import io.gradstream.explain.engine.DetectionExplanation;

/**
 * One detected object in a frame.
 *
 * @param classId     index into the model's class names
 * @param label       class name
 * @param score       confidence 0-1 (objectness times class score for YOLOv5)
 * @param box         in source-frame pixels
 * @param row         the model output row it was decoded from, -1 when unknown; what the explainer seeds
 * @param explanation its map and quality, null until (or unless) it is explained
 */
public record Detection(int classId, String label, float score, BoundingBox box, int row, DetectionExplanation explanation) {

  /** A detection with no output row and no explanation (test detectors, drawings). */
  public Detection(int classId, String label, float score, BoundingBox box) {
    this(classId, label, score, box, -1, null);
  }

  /** This detection with {@code e} attached. */
  public Detection withExplanation(DetectionExplanation e) {
    return new Detection(classId, label, score, box, row, e);
  }
}

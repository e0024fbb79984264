package io.gradstream.inference.detect;

import io.gradstream.explain.engine.DetectionExplanation;

/**
 * One detected object in a frame.
 *
 * @param classId index into the model's class names
 * @param label class name
 * @param score confidence 0-1 (objectness times class score for YOLOv5)
 * @param box in source-frame pixels
 * @param row the model output row it was decoded from, -1 when unknown; what the explainer seeds
 * @param explanation its map and quality, null until (or unless) it is explained
 * @param reliability the probability that it is correct (the reliability model's), NaN when unknown
 */
public record Detection(
    int classId,
    String label,
    float score,
    BoundingBox box,
    int row,
    DetectionExplanation explanation,
    double reliability) {

  /**
   * A detection with no output row, no explanation and no reliability (test detectors, drawings).
   */
  public Detection(int classId, String label, float score, BoundingBox box) {
    this(classId, label, score, box, -1, null, Double.NaN);
  }

  /** A detection decoded from output row {@code row}, not explained yet. */
  public Detection(int classId, String label, float score, BoundingBox box, int row) {
    this(classId, label, score, box, row, null, Double.NaN);
  }

  /** This detection with {@code e} attached. */
  public Detection withExplanation(DetectionExplanation e) {
    return new Detection(classId, label, score, box, row, e, reliability);
  }

  /** This detection with its reliability. */
  public Detection withReliability(double p) {
    return new Detection(classId, label, score, box, row, explanation, p);
  }

  /** Whether a reliability model scored it. */
  public boolean hasReliability() {
    return !Double.isNaN(reliability);
  }
}

package io.gradstream.inference.detect;

/** An axis-aligned box, corners in pixels ({@code x1 <= x2}, {@code y1 <= y2}). */
public record BoundingBox(float x1, float y1, float x2, float y2) {

  public float width() {
    return Math.max(0, x2 - x1);
  }

  public float height() {
    return Math.max(0, y2 - y1);
  }

  public float area() {
    return width() * height();
  }

  /** Intersection over union with {@code other}, 0 when they do not overlap. */
  public float iou(BoundingBox other) {
    float iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
    float ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    float intersection = iw * ih;
    return intersection / (area() + other.area() - intersection);
  }
}

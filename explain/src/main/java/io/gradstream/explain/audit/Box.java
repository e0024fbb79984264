package io.gradstream.explain.audit;

/**
 * An axis-aligned box in model-input pixels, corners {@code (x1, y1)} top-left and {@code (x2, y2)}
 * bottom-right.
 */
public record Box(float x1, float y1, float x2, float y2) {
  public Box {
    // The negated form also rejects NaN corners.
    if (!(x2 >= x1 && y2 >= y1)) {
      throw new IllegalArgumentException(
          "box corners out of order: " + x1 + "," + y1 + " " + x2 + "," + y2);
    }
  }

  /** The box of centre {@code (cx, cy)} and size {@code w × h}: YOLO's row layout. */
  public static Box centred(float cx, float cy, float w, float h) {
    return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
  }

  public float width() {
    return x2 - x1;
  }

  public float height() {
    return y2 - y1;
  }

  public float area() {
    return width() * height();
  }

  public float centreX() {
    return (x1 + x2) / 2;
  }

  public float centreY() {
    return (y1 + y2) / 2;
  }

  /** Whether the point lies inside or on the border. */
  public boolean contains(float x, float y) {
    return x >= x1 && x <= x2 && y >= y1 && y <= y2;
  }

  /** Intersection over union; 0 for disjoint or degenerate boxes. */
  public float iou(Box other) {
    float w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
    float h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    float inter = w * h;
    return inter / (area() + other.area() - inter);
  }
}

package io.gradstream.inference.model;

/**
 * How a YOLO-family detector lays out its predictions, told apart by the output's shape: a
 * detector has far more candidate boxes than values per box.
 */
public enum DetectionLayout {
  /** YOLOv5/v7: {@code [batch, boxes, 5 + classes]}: cx, cy, w, h, objectness, class scores. */
  V5("v5 [1,N,5+C]"),
  /** YOLOv8/v11: {@code [batch, 4 + classes, boxes]}: cx, cy, w, h, class scores; no objectness. */
  V8("v8 [1,4+C,N]"),
  /** Neither shape. */
  UNKNOWN("unknown");

  private final String description;

  DetectionLayout(String description) {
    this.description = description;
  }

  /** The layout an output of this shape has. */
  public static DetectionLayout of(TensorInfo output) {
    if (output.rank() != 3) {
      return UNKNOWN;
    }
    long a = output.size(1);
    long b = output.size(2);
    if (a > 0 && b > 5 && a > b) {
      return V5;
    }
    if (b > 0 && a > 4 && b > a) {
      return V8;
    }
    return UNKNOWN;
  }

  /** How many classes an output of this layout and shape scores; -1 for {@link #UNKNOWN}. */
  public int classes(TensorInfo output) {
    return switch (this) {
      case V5 -> (int) output.size(2) - 5;
      case V8 -> (int) output.size(1) - 4;
      case UNKNOWN -> -1;
    };
  }

  @Override
  public String toString() {
    return description;
  }
}

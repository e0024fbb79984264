package io.gradstream.inference.translate.yolo;

/**
 * How a YOLO export states box coordinates. Ultralytics exports give input pixels (0-640); other
 * converters, the TF.js YOLOv5 among them, give fractions of the input side (0-1). Nothing in an
 * ONNX file says which, so {@link #AUTO} looks at the numbers: the anchors of a pixel model span
 * the whole input whatever the image, while a normalised model's coordinates stay near 0-1.
 */
public enum BoxUnits {
  /** cx, cy, w, h in model-input pixels. */
  PIXELS,
  /** cx, cy, w, h as fractions of the model-input side. */
  NORMALISED,
  /**
   * Decide from the output: all coordinates at most {@value #NORMALISED_LIMIT} means normalised.
   */
  AUTO;

  /**
   * Largest coordinate a normalised model plausibly outputs: boxes may stick out of the frame a
   * little, so 1 is too strict; a pixel model's anchor centres reach hundreds.
   */
  public static final float NORMALISED_LIMIT = 1.5f;

  /**
   * This, or for {@link #AUTO} the units that {@code maxCoordinate} (over all boxes of an output)
   * implies.
   */
  public BoxUnits resolve(float maxCoordinate) {
    if (this != AUTO) {
      return this;
    }
    return maxCoordinate <= NORMALISED_LIMIT ? NORMALISED : PIXELS;
  }

  /** Factor from these units to input pixels. */
  public float toPixels(int inputSize) {
    return switch (this) {
      case PIXELS -> 1f;
      case NORMALISED -> inputSize;
      case AUTO -> throw new IllegalStateException("resolve AUTO box units first");
    };
  }
}

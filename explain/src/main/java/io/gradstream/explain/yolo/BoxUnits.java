package io.gradstream.explain.yolo;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * How a YOLO export states box coordinates. Ultralytics exports give input pixels (0-640); other
 * converters, the TF.js YOLOv5 among them, give fractions of the input side (0-1). Only
 * gradstream's importer records which ({@link #METADATA_KEY}); for any other export {@link #AUTO}
 * looks at the numbers: the anchors of a pixel model span the whole input whatever the image, while
 * a normalised model's coordinates stay near 0-1.
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

  /** The metadata key gradstream's model importer writes, with {@link #NORMALISED_VALUE}. */
  public static final String METADATA_KEY = "gradstream.box_units";

  public static final String NORMALISED_VALUE = "normalized";

  /**
   * What the model's metadata declares: {@link #NORMALISED} when gradstream's importer tagged it,
   * else {@link #AUTO}, to be resolved from the output's numbers.
   */
  public static BoxUnits declared(ModelProto model) {
    return model.getMetadataPropsList().stream()
            .anyMatch(p -> p.getKey().equals(METADATA_KEY) && p.getValue().equals(NORMALISED_VALUE))
        ? NORMALISED
        : AUTO;
  }

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

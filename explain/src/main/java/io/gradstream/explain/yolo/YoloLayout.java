package io.gradstream.explain.yolo;

import java.util.Arrays;
import java.util.Optional;

/**
 * The YOLO output layouts gradstream reads, told apart by the output shape: the detector's
 * translator and the explainer both read rows through this one definition, so a new layout is a new
 * constant here and a new translator, not another branch in the worker.
 */
public enum YoloLayout {
  /** YOLOv5: {@code [N, boxes, 5 + C]}, objectness times class probability. */
  V5("yolov5 [N, boxes, 5+C]"),
  /** YOLOv8 / YOLO11: {@code [N, 4 + C, boxes]}, class scores only. */
  V8("yolov8 [N, 4+C, boxes]");

  private final String description;

  YoloLayout(String description) {
    this.description = description;
  }

  /**
   * Picks the layout of a rank-3 output {@code shape}.
   *
   * @param classCount classes the labels name, or 0 when unknown: then the smaller of the two inner
   *     dimensions that can hold a box is taken as the per-box values (real models have far more
   *     boxes than classes)
   * @throws IllegalArgumentException when the shape fits neither layout
   */
  public static YoloLayout fromOutputShape(long[] shape, int classCount) {
    if (shape.length != 3 || shape[1] <= 0 || shape[2] <= 0) {
      throw new IllegalArgumentException(
          "a YOLO output is [N, boxes, 5+C] (v5) or [N, 4+C, boxes] (v8); got "
              + Arrays.toString(shape));
    }
    if (classCount <= 0) {
      boolean v5Fits = shape[2] >= 6; // 5 + at least one class
      boolean v8Fits = shape[1] >= 5; // 4 + at least one class
      if (v5Fits && v8Fits) {
        return shape[2] < shape[1] ? V5 : V8;
      }
      if (v5Fits || v8Fits) {
        return v5Fits ? V5 : V8;
      }
      throw new IllegalArgumentException(
          "output shape "
              + Arrays.toString(shape)
              + " is too small for "
              + V5.description
              + " or "
              + V8.description);
    }
    boolean v5 = shape[2] == 5L + classCount;
    boolean v8 = shape[1] == 4L + classCount;
    if (v5 && v8) {
      return shape[1] > shape[2] ? V5 : V8;
    }
    if (v5) {
      return V5;
    }
    if (v8) {
      return V8;
    }
    throw new IllegalArgumentException(
        "output shape "
            + Arrays.toString(shape)
            + " fits neither "
            + V5.description
            + " nor "
            + V8.description
            + " with C="
            + classCount
            + " class names; the labels file may not belong to "
            + "this model");
  }

  /**
   * The layout of an output of this shape, told without class names, when it looks like a YOLO
   * output at all: a detector has far more candidate boxes than values per box, which rules out
   * outputs such as BlazeFace's {@code [1, 896, 1]} scores.
   */
  public static Optional<YoloLayout> of(long[] shape) {
    try {
      YoloLayout layout = fromOutputShape(shape, 0);
      long boxes = layout == V5 ? shape[1] : shape[2];
      long perBox = layout == V5 ? shape[2] : shape[1];
      return boxes > perBox ? Optional.of(layout) : Optional.empty();
    } catch (IllegalArgumentException notYolo) {
      return Optional.empty();
    }
  }

  /**
   * The largest cx, cy, w or h over every box of one image of an output of this layout: what {@link
   * BoxUnits#AUTO} is resolved from.
   *
   * @param data the output, row-major
   * @param offset where the image's {@code rows × cols} values start
   * @param rows the output's second dimension
   * @param cols the output's third dimension
   */
  public float maxBoxCoordinate(float[] data, int offset, int rows, int cols) {
    float max = 0;
    if (this == V5) {
      for (int i = offset, end = offset + rows * cols; i < end; i += cols) {
        max =
            Math.max(
                max, Math.max(Math.max(data[i], data[i + 1]), Math.max(data[i + 2], data[i + 3])));
      }
    } else {
      // [4 + C, boxes]: the first four rows are the coordinates.
      for (int i = offset, end = offset + 4 * cols; i < end; i++) {
        max = Math.max(max, data[i]);
      }
    }
    return max;
  }

  /** Classes an output of this layout with {@code shape} carries. */
  public int classCount(long[] shape) {
    return Math.toIntExact(this == V5 ? shape[2] - 5 : shape[1] - 4);
  }

  /** The layout as a shape, for messages. */
  public String description() {
    return description;
  }
}

package io.gradstream.explain.backward;

/**
 * Which input cell ONNX's nearest-mode Resize copies into an output cell, as the operator's
 * specification defines it: the coordinate transformation, then the rounding, then a clamp.
 */
final class NearestResize {
  private NearestResize() {}

  /**
   * @param transform {@code coordinate_transformation_mode}
   * @param rounding {@code nearest_mode}
   * @return the input index along one axis of length {@code lenIn} for output index {@code i} of
   *     {@code lenOut}, or -1 for a mode this does not know
   */
  static int source(String transform, String rounding, int i, int lenIn, int lenOut) {
    double scale = (double) lenOut / lenIn;
    double x =
        switch (transform) {
          case "half_pixel" -> (i + 0.5) / scale - 0.5;
          case "pytorch_half_pixel" -> lenOut > 1 ? (i + 0.5) / scale - 0.5 : 0;
          case "asymmetric" -> i / scale;
          case "tf_half_pixel_for_nn" -> (i + 0.5) / scale;
          case "align_corners" -> lenOut == 1 ? 0 : i * (lenIn - 1.0) / (lenOut - 1);
          default -> Double.NaN;
        };
    double floor = Math.floor(x);
    boolean half = x - floor == 0.5;
    double picked =
        switch (rounding) {
          case "round_prefer_floor" -> half ? floor : Math.round(x);
          case "round_prefer_ceil" -> half ? floor + 1 : Math.round(x);
          case "floor" -> floor;
          case "ceil" -> Math.ceil(x);
          default -> Double.NaN;
        };
    if (Double.isNaN(picked)) {
      return -1;
    }
    return (int) Math.max(0, Math.min(lenIn - 1, picked));
  }
}

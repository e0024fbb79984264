package io.gradstream.explain.audit;

/**
 * A saliency map: one non-negative-or-not float per cell, row-major, at any resolution. Black-box
 * maps come at input resolution, Grad-CAM maps at the head's; {@link #resized} brings either to the
 * input for the faithfulness metrics.
 *
 * @param width cells across
 * @param height cells down
 * @param values {@code width * height} values (shared, not copied)
 */
public record SaliencyMap(int width, int height, float[] values) {
  public SaliencyMap {
    if (width <= 0 || height <= 0 || values.length != (long) width * height) {
      throw new IllegalArgumentException(
          width + "x" + height + " map with " + values.length + " values");
    }
  }

  /** The value at ({@code x}, {@code y}). */
  public float at(int x, int y) {
    return values[y * width + x];
  }

  /**
   * Bilinear resampling to {@code w × h}, cell centres aligned (as OpenCV's and PyTorch's
   * align_corners=false), edges clamped. This map itself when the size already matches.
   */
  public SaliencyMap resized(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    int[] x0 = new int[w];
    int[] x1 = new int[w];
    float[] fx = new float[w];
    axis(width, w, x0, x1, fx);
    int[] y0 = new int[h];
    int[] y1 = new int[h];
    float[] fy = new float[h];
    axis(height, h, y0, y1, fy);
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int r0 = y0[y] * width;
      int r1 = y1[y] * width;
      for (int x = 0; x < w; x++) {
        float top = values[r0 + x0[x]] * (1 - fx[x]) + values[r0 + x1[x]] * fx[x];
        float bottom = values[r1 + x0[x]] * (1 - fx[x]) + values[r1 + x1[x]] * fx[x];
        out[y * w + x] = top * (1 - fy[y]) + bottom * fy[y];
      }
    }
    return new SaliencyMap(w, h, out);
  }

  /** For each output index along one axis: the two source cells and the weight of the second. */
  private static void axis(int from, int to, int[] lo, int[] hi, float[] frac) {
    double scale = (double) from / to;
    for (int i = 0; i < to; i++) {
      double src = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), from - 1);
      lo[i] = (int) Math.floor(src);
      hi[i] = Math.min(lo[i] + 1, from - 1);
      frac[i] = (float) (src - lo[i]);
    }
  }
}

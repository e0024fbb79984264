package io.gradstream.explain.faithfulness;

import java.util.Arrays;

/**
 * The order in which a perturbation metric touches pixels: most salient first, ties by lower
 * row-major index first, so equal maps (a flat one, say) always give the same curve.
 */
public final class PixelOrder {
  private PixelOrder() {}

  /**
   * Pixel indices by descending saliency. NaN counts as least salient.
   *
   * @param saliency one value per pixel, row-major
   */
  public static int[] descending(float[] saliency) {
    // One primitive sort of (negated value, index) packed in a long: no boxing for 400k pixels.
    long[] keys = new long[saliency.length];
    for (int i = 0; i < saliency.length; i++) {
      float v = Float.isNaN(saliency[i]) ? Float.NEGATIVE_INFINITY : saliency[i];
      keys[i] = ((long) sortable(-v) << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  /** An int whose signed order is the float's order (-0 and 0 made equal). */
  private static int sortable(float v) {
    int bits = Float.floatToIntBits(v == 0 ? 0f : v);
    return bits >= 0 ? bits : bits ^ 0x7fffffff;
  }
}

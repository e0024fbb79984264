package io.gradstream.explain.audit;

/**
 * How the explainers hide pixels: blend toward the letterbox gray rather than black, the value
 * YOLOv5 pads with, so a hidden region looks like "no image here" to the detector rather than a
 * dark object.
 */
public final class MaskedImage {
  /** YOLOv5's letterbox fill, 114/255 in every channel. */
  public static final float LETTERBOX_GRAY = 114f / 255f;

  private MaskedImage() {}

  /**
   * Writes {@code image · mask + (1 − mask) · fill} into {@code out} at {@code outOffset}.
   *
   * @param image CHW values of one image, {@code channels × mask.length}
   * @param mask one weight per pixel, shared by all channels
   */
  public static void blend(float[] image, float[] mask, float fill, float[] out, int outOffset) {
    int plane = mask.length;
    if (image.length % plane != 0) {
      throw new IllegalArgumentException(image.length + " image values for a mask of " + plane);
    }
    for (int c = 0; c < image.length / plane; c++) {
      int o = c * plane;
      for (int i = 0; i < plane; i++) {
        float m = mask[i];
        out[outOffset + o + i] = image[o + i] * m + (1 - m) * fill;
      }
    }
  }
}

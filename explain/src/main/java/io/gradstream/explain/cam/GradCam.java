package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;

/**
 * Grad-CAM (Selvaraju et al.) from a target activation A and the gradient ∂score/∂A: channel weights
 * α_c = mean over H×W of the gradient, map = ReLU(Σ_c α_c·A_c), normalised to 0–255 by its maximum.
 * The ReLU keeps only evidence for the score; the normalisation makes one map per detection readable
 * on its own.
 */
public final class GradCam {
  private GradCam() {}

  /**
   * The map of batch item {@code item}.
   *
   * @param activation A, {@code [N, C, H, W]}
   * @param gradient   ∂score/∂A, same shape
   */
  public static CamMap map(FloatTensor activation, FloatTensor gradient, int item) {
    float[] raw = raw(activation, gradient, item);
    int h = (int) activation.shape()[2];
    int w = (int) activation.shape()[3];
    return normalise(raw, w, h);
  }

  /** ReLU(Σ_c α_c·A_c) before normalisation, row-major {@code H*W}. */
  public static float[] raw(FloatTensor activation, FloatTensor gradient, int item) {
    long[] s = activation.shape();
    if (s.length != 4 || !java.util.Arrays.equals(s, gradient.shape())) {
      throw new IllegalArgumentException("activation " + java.util.Arrays.toString(s) + " and gradient "
          + java.util.Arrays.toString(gradient.shape()) + " must both be [N, C, H, W]");
    }
    int c = (int) s[1];
    int plane = (int) (s[2] * s[3]);
    int base = item * c * plane;
    // Accumulate in double: a 512-channel sum of products loses digits in float.
    double[] cam = new double[plane];
    for (int ch = 0; ch < c; ch++) {
      int off = base + ch * plane;
      double alpha = 0;
      for (int i = 0; i < plane; i++) {
        alpha += gradient.data()[off + i];
      }
      alpha /= plane;
      if (alpha == 0) {
        continue;
      }
      for (int i = 0; i < plane; i++) {
        cam[i] += alpha * activation.data()[off + i];
      }
    }
    float[] out = new float[plane];
    for (int i = 0; i < plane; i++) {
      out[i] = (float) Math.max(0, cam[i]);
    }
    return out;
  }

  /** Scales {@code raw} (non-negative) so its maximum becomes 255, rounding to nearest. */
  public static CamMap normalise(float[] raw, int width, int height) {
    float max = 0;
    for (float v : raw) {
      max = Math.max(max, v);
    }
    byte[] pixels = new byte[raw.length];
    if (max > 0) {
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (byte) Math.round(raw[i] / max * 255f);
      }
    }
    return new CamMap(width, height, pixels, max);
  }
}

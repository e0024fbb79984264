package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Arrays;

/**
 * Grad-CAM (Selvaraju et al.): channel weights α_c = mean over H×W of ∂score/∂A_c, map =
 * ReLU(Σ_c α_c·A_c). The ReLU keeps only evidence for the score. The gradient lives in a window, so
 * α costs C·k² and the weighted sum C·H·W.
 */
public final class GradCam implements CamMethod {
  public static final String NAME = "gradcam";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] raw(FloatTensor activation, WindowGradient gradient) {
    requireMatching(activation, gradient);
    int h = (int) activation.shape()[2];
    int w = (int) activation.shape()[3];
    float[] alpha = new float[gradient.channels()];
    float[] g = gradient.window().data();
    int k2 = g.length / alpha.length;
    for (int c = 0; c < alpha.length; c++) {
      double sum = 0;
      for (int i = 0; i < k2; i++) {
        sum += g[c * k2 + i];
      }
      alpha[c] = (float) (sum / (h * w));
    }
    return weightedSum(activation, alpha);
  }

  /** ReLU(Σ_c α_c·A_c) over the whole map ({@code activation} [1, C, H, W]): shared by the methods that weigh whole channels. */
  public static float[] weightedSum(FloatTensor activation, float[] alpha) {
    int plane = (int) (activation.shape()[2] * activation.shape()[3]);
    float[] a = activation.data();
    // Accumulate in double: a 512-channel sum of products loses digits in float.
    double[] cam = new double[plane];
    for (int c = 0; c < alpha.length; c++) {
      double wc = alpha[c];
      if (wc == 0) {
        continue;
      }
      int off = c * plane;
      for (int i = 0; i < plane; i++) {
        cam[i] += wc * a[off + i];
      }
    }
    float[] out = new float[plane];
    for (int i = 0; i < plane; i++) {
      out[i] = (float) Math.max(0, cam[i]);
    }
    return out;
  }

  static void requireMatching(FloatTensor activation, WindowGradient gradient) {
    long[] s = activation.shape();
    if (s.length != 4 || s[0] != 1 || s[1] != gradient.channels()) {
      throw new IllegalArgumentException("activation " + Arrays.toString(s) + " must be [1, C, H, W] with the gradient's "
          + gradient.channels() + " channels");
    }
  }
}

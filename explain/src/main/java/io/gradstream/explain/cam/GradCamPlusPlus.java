package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;

/**
 * Grad-CAM++ (Chattopadhay et al., 2018), with the closed form for an exponential score that
 * pytorch-grad-cam uses:
 *
 * <pre>
 *   a_ij^c = g_ij^2 / (2·g_ij^2 + (Σ_ab A^c_ab)·g_ij^3 + ε)   where g_ij ≠ 0, else 0   (ε = 1e-6)
 *   α_c    = Σ_ij a_ij^c · ReLU(g_ij)
 *   map    = ReLU(Σ_c α_c·A_c)
 * </pre>
 *
 * where g = ∂score/∂A_c and the activation sum runs over the whole H×W. Only window cells carry
 * gradient, so α costs C·k² after the C·H·W activation sums; the weighted sum costs C·H·W as in
 * {@link GradCam}.
 */
public final class GradCamPlusPlus implements CamMethod {
  public static final String NAME = "gradcam++";
  static final double EPS = 1e-6;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] raw(FloatTensor activation, WindowGradient gradient) {
    return GradCam.weightedSum(activation, channelWeights(activation, gradient));
  }

  @Override
  public float[] channelWeights(FloatTensor activation, WindowGradient gradient) {
    GradCam.requireMatching(activation, gradient);
    int h = (int) activation.shape()[2];
    int w = (int) activation.shape()[3];
    int plane = h * w;
    int channels = gradient.channels();
    int r = gradient.radius();
    int k = 2 * r + 1;
    int top = gradient.cy() - r;
    int left = gradient.cx() - r;
    // Only the window's cells inside A: those outside are zero padding, not gradient.
    int y0 = Math.max(0, top);
    int y1 = Math.min(h - 1, gradient.cy() + r);
    int x0 = Math.max(0, left);
    int x1 = Math.min(w - 1, gradient.cx() + r);
    float[] a = activation.data();
    float[] g = gradient.window().data();
    float[] alpha = new float[channels];
    for (int c = 0; c < channels; c++) {
      double sumActivations = 0;
      for (int i = c * plane, end = i + plane; i < end; i++) {
        sumActivations += a[i];
      }
      double weight = 0;
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          double gij = g[(c * k + y - top) * k + x - left];
          if (gij > 0) {
            // ReLU(g) is zero for g ≤ 0, so a_ij matters only where g > 0.
            double g2 = gij * gij;
            weight += g2 / (2 * g2 + sumActivations * g2 * gij + EPS) * gij;
          }
        }
      }
      alpha[c] = (float) weight;
    }
    return alpha;
  }
}

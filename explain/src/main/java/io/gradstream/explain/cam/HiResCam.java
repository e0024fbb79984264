package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;

/**
 * HiResCAM (Draelos &amp; Carin, 2020): map = ReLU(Σ_c g_c ⊙ A_c), the gradient times the
 * activation element-wise instead of Grad-CAM's channel means, so the map shows exactly the cells
 * the score read. The gradient is zero outside its window, so the map is too: this costs C·k²,
 * never C·H·W.
 */
public final class HiResCam implements CamMethod {
  public static final String NAME = "hirescam";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] raw(FloatTensor activation, WindowGradient gradient) {
    GradCam.requireMatching(activation, gradient);
    int h = (int) activation.shape()[2];
    int w = (int) activation.shape()[3];
    int plane = h * w;
    int r = gradient.radius();
    int k = 2 * r + 1;
    // The window's cells that fall inside A; those outside are zero padding.
    int y0 = Math.max(0, gradient.cy() - r);
    int y1 = Math.min(h - 1, gradient.cy() + r);
    int x0 = Math.max(0, gradient.cx() - r);
    int x1 = Math.min(w - 1, gradient.cx() + r);
    float[] out = new float[plane];
    if (y0 > y1 || x0 > x1) {
      return out;
    }
    float[] a = activation.data();
    float[] g = gradient.window().data();
    int top = gradient.cy() - r;
    int left = gradient.cx() - r;
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int gi = (y - top) * k + (x - left);
        int ai = y * w + x;
        // Double, as in GradCam.weightedSum: a sum over up to 512 channels.
        double sum = 0;
        for (int c = 0; c < gradient.channels(); c++) {
          sum += (double) g[c * k * k + gi] * a[c * plane + ai];
        }
        out[ai] = (float) Math.max(0, sum);
      }
    }
    return out;
  }

  /**
   * HiResCAM from a full-size gradient shaped like {@code activation} ([1, C, H, W]); see {@link
   * GradCam#ofFullGradient}.
   */
  public static float[] ofFullGradient(FloatTensor activation, FloatTensor gradient) {
    GradCam.requireSameShape(activation, gradient);
    int channels = (int) activation.shape()[1];
    int plane = activation.data().length / channels;
    double[] sum = new double[plane];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < plane; i++) {
        sum[i] += (double) gradient.data()[c * plane + i] * activation.data()[c * plane + i];
      }
    }
    float[] out = new float[plane];
    for (int i = 0; i < plane; i++) {
      out[i] = (float) Math.max(0, sum[i]);
    }
    return out;
  }
}

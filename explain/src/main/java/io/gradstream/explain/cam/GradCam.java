package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Arrays;
import java.util.List;

/**
 * Grad-CAM (Selvaraju et al.): channel weights α_c = mean over H×W of ∂score/∂A_c, map = ReLU(Σ_c
 * α_c·A_c). The ReLU keeps only evidence for the score. The gradient lives in a window, so α costs
 * C·k² and the weighted sum C·H·W.
 */
public final class GradCam implements CamMethod {
  public static final String NAME = "gradcam";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] raw(FloatTensor activation, WindowGradient gradient) {
    return weightedSum(activation, channelWeights(activation, gradient));
  }

  @Override
  public float[] channelWeights(FloatTensor activation, WindowGradient gradient) {
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
    return alpha;
  }

  /**
   * Grad-CAM from a full-size gradient ({@code gradient} shaped like {@code activation}, [1, C, H,
   * W]), as {@link io.gradstream.explain.engine.LayerGradient} gives it for layers the windowed
   * backward does not reach.
   */
  public static float[] ofFullGradient(FloatTensor activation, FloatTensor gradient) {
    requireSameShape(activation, gradient);
    int channels = (int) activation.shape()[1];
    int plane = activation.data().length / channels;
    float[] alpha = new float[channels];
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int i = 0; i < plane; i++) {
        sum += gradient.data()[c * plane + i];
      }
      alpha[c] = (float) (sum / plane);
    }
    return weightedSum(activation, alpha);
  }

  static void requireSameShape(FloatTensor activation, FloatTensor gradient) {
    if (activation.shape().length != 4
        || activation.shape()[0] != 1
        || !Arrays.equals(activation.shape(), gradient.shape())) {
      throw new IllegalArgumentException(
          "activation "
              + Arrays.toString(activation.shape())
              + " and gradient "
              + Arrays.toString(gradient.shape())
              + " must both be [1, C, H, W]");
    }
  }

  /**
   * ReLU(Σ_c α_c·A_c) over the whole map ({@code activation} [1, C, H, W]): shared by the methods
   * that weigh whole channels.
   */
  public static float[] weightedSum(FloatTensor activation, float[] alpha) {
    return weightedSums(activation, new float[][] {alpha}).get(0);
  }

  /**
   * Every {@code step}-th row and column of {@code activation} ([1, C, H, W]), from the top-left
   * cell: {@code [1, C, ⌈H/step⌉, ⌈W/step⌉]}, each plane contiguous, so that sums over it run over
   * contiguous memory; {@code activation} itself for step 1.
   */
  public static FloatTensor sampled(FloatTensor activation, int step) {
    if (step == 1) {
      return activation;
    }
    int channels = (int) activation.shape()[1];
    int h = (int) activation.shape()[2];
    int w = (int) activation.shape()[3];
    int hs = (h + step - 1) / step;
    int ws = (w + step - 1) / step;
    float[] a = activation.data();
    float[] sampled = new float[channels * hs * ws];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < hs; y++) {
        int from = (c * h + y * step) * w;
        int to = (c * hs + y) * ws;
        for (int x = 0; x < ws; x++) {
          sampled[to + x] = a[from + x * step];
        }
      }
    }
    return new FloatTensor(new long[] {1, channels, hs, ws}, sampled);
  }

  /**
   * ReLU(Σ_c α_k,c·A_c) for every weight vector α_k at once: one pass over A's planes, each plane
   * reused for all k while it sits in cache, instead of one pass per detection.
   */
  public static List<float[]> weightedSums(FloatTensor activation, float[][] alphas) {
    int plane = (int) (activation.shape()[2] * activation.shape()[3]);
    float[] a = activation.data();
    // Float multiply-adds over contiguous planes, which the JIT vectorises; float sums over a few
    // hundred channels stay within 1e-6 of double ones, far below the map's 1/255 steps.
    float[][] cams = new float[alphas.length][plane];
    int channels = (int) activation.shape()[1];
    for (int c = 0; c < channels; c++) {
      int off = c * plane;
      for (int k = 0; k < alphas.length; k++) {
        float wc = alphas[k][c];
        if (wc != 0) {
          float[] cam = cams[k];
          for (int i = 0; i < plane; i++) {
            cam[i] += wc * a[off + i];
          }
        }
      }
    }
    for (float[] cam : cams) {
      for (int i = 0; i < plane; i++) {
        cam[i] = Math.max(0f, cam[i]);
      }
    }
    return List.of(cams);
  }

  static void requireMatching(FloatTensor activation, WindowGradient gradient) {
    long[] s = activation.shape();
    if (s.length != 4 || s[0] != 1 || s[1] != gradient.channels()) {
      throw new IllegalArgumentException(
          "activation "
              + Arrays.toString(s)
              + " must be [1, C, H, W] with the gradient's "
              + gradient.channels()
              + " channels");
    }
  }
}

package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;
import java.util.List;

/**
 * A gradient-based class-activation method: one detection's map from the target activation A and
 * the detection's gradient ∂score/∂A. All of them share one backward pass per frame; they differ
 * only in how they weigh A by the gradient.
 */
public interface CamMethod {

  /** The wire name: {@code gradcam}, {@code hirescam}, {@code gradcam++}. */
  String name();

  /**
   * The map before normalisation: non-negative, row-major H×W.
   *
   * @param activation A, {@code [1, C, H, W]}
   * @param gradient the detection's ∂score/∂A, with the same C
   */
  float[] raw(FloatTensor activation, WindowGradient gradient);

  /**
   * The per-channel weights α when this method's map is ReLU(Σ_c α_c·A_c) (Grad-CAM, Grad-CAM++),
   * else null. With them, {@link #rawAll} computes a level's maps in one pass over A.
   */
  default float[] channelWeights(FloatTensor activation, WindowGradient gradient) {
    return null;
  }

  /** {@link #raw} for several detections on one activation, in order. */
  default List<float[]> rawAll(FloatTensor activation, List<WindowGradient> gradients) {
    float[][] alphas = new float[gradients.size()][];
    for (int i = 0; i < alphas.length; i++) {
      alphas[i] = channelWeights(activation, gradients.get(i));
      if (alphas[i] == null) {
        return gradients.stream().map(g -> raw(activation, g)).toList();
      }
    }
    return GradCam.weightedSums(activation, alphas);
  }

  /** {@link #raw} normalised to 0–255. */
  default CamMap map(FloatTensor activation, WindowGradient gradient) {
    return CamMap.normalise(
        raw(activation, gradient), (int) activation.shape()[3], (int) activation.shape()[2]);
  }
}

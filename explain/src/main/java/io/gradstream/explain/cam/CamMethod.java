package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;

/**
 * A gradient-based class-activation method: one detection's map from the target activation A and
 * the detection's gradient ∂score/∂A. All of them share one backward pass per frame; they differ only
 * in how they weigh A by the gradient.
 */
public interface CamMethod {

  /** The wire name: {@code gradcam}, {@code hirescam}, {@code gradcam++}. */
  String name();

  /**
   * The map before normalisation: non-negative, row-major H×W.
   *
   * @param activation A, {@code [1, C, H, W]}
   * @param gradient   the detection's ∂score/∂A, with the same C
   */
  float[] raw(FloatTensor activation, WindowGradient gradient);

  /** {@link #raw} normalised to 0–255. */
  default CamMap map(FloatTensor activation, WindowGradient gradient) {
    return CamMap.normalise(raw(activation, gradient), (int) activation.shape()[3], (int) activation.shape()[2]);
  }
}

package io.gradstream.explain.reliability;

import io.gradstream.explain.cam.WindowGradient;

/**
 * What a detection's gradient says about its evidence: its size, and the first-order contributions
 * g·A of the target activation's elements to the score, split by sign. A detection the features
 * clearly support has most of its contributions positive; one that barely made it is pulled both
 * ways.
 *
 * @param norm ‖∂score/∂A‖₂
 * @param positive Σ max(0, g·A) over the window
 * @param negative Σ max(0, −g·A) over the window
 */
public record GradientEvidence(double norm, double positive, double negative) {
  /** For a gradient-free explanation: no evidence at all. */
  public static final GradientEvidence NONE = new GradientEvidence(0, 0, 0);

  /**
   * The evidence of {@code g} on A's values in the same window: {@code window} from {@code offset}
   * holds them as the windowed backward was fed them (C·k·k values, channel-major, zero where the
   * window leaves A, which so adds nothing). One pass over contiguous memory.
   */
  public static GradientEvidence of(float[] window, int offset, WindowGradient g) {
    float[] grad = g.window().data();
    double sq = 0;
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < grad.length; i++) {
      float gv = grad[i];
      sq += (double) gv * gv;
      double e = (double) gv * window[offset + i];
      if (e > 0) {
        pos += e;
      } else {
        neg -= e;
      }
    }
    return new GradientEvidence(Math.sqrt(sq), pos, neg);
  }
}

package io.gradstream.explain.reliability;

import io.gradstream.explain.cam.WindowGradient;
import io.gradstream.explain.graph.FloatTensor;

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
   * The evidence of {@code g} on activation {@code a} ({@code [1, C, H, W]}): one pass over the
   * window.
   */
  public static GradientEvidence of(FloatTensor a, WindowGradient g) {
    int h = (int) a.shape()[2];
    int w = (int) a.shape()[3];
    int r = g.radius();
    int k = 2 * r + 1;
    float[] grad = g.window().data();
    float[] act = a.data();
    double sq = 0;
    double pos = 0;
    double neg = 0;
    for (int c = 0; c < g.channels(); c++) {
      for (int dy = 0; dy < k; dy++) {
        int y = g.cy() - r + dy;
        for (int dx = 0; dx < k; dx++) {
          int x = g.cx() - r + dx;
          float gv = grad[(c * k + dy) * k + dx];
          sq += (double) gv * gv;
          if (y >= 0 && y < h && x >= 0 && x < w) {
            double e = (double) gv * act[(c * h + y) * w + x];
            if (e > 0) {
              pos += e;
            } else {
              neg -= e;
            }
          }
        }
      }
    }
    return new GradientEvidence(Math.sqrt(sq), pos, neg);
  }
}

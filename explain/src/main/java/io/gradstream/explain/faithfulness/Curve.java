package io.gradstream.explain.faithfulness;

/**
 * A perturbation curve: the target's score after each step, from nothing touched (index 0) to all
 * pixels touched (the last), evenly spaced over the fraction of pixels 0–1.
 *
 * @param scores at least two points (shared, not copied)
 */
public record Curve(float[] scores) {
  public Curve {
    if (scores.length < 2) {
      throw new IllegalArgumentException(
          "a curve needs at least its two ends, got " + scores.length + " points");
    }
  }

  /** The area under the curve over [0, 1] by the trapezoid rule: its mean height. */
  public double auc() {
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      sum += scores[i];
    }
    sum -= (scores[0] + scores[scores.length - 1]) / 2.0;
    return sum / (scores.length - 1);
  }

  /** The number of steps between the points. */
  public int steps() {
    return scores.length - 1;
  }
}

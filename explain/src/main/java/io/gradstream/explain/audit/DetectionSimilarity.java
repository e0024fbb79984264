package io.gradstream.explain.audit;

import java.util.List;

/**
 * D-RISE's similarity between a target and a proposal: {@code IoU(box) · cos(classProbs) ·
 * objectness}. It asks at once "is it still there, is it still the same class, is the detector
 * still sure", so the saliency and the perturbation metrics use the same score.
 */
public final class DetectionSimilarity {
  private DetectionSimilarity() {}

  /** The similarity of {@code target} to one proposal. */
  public static float of(Target target, Proposal proposal) {
    float iou = target.box().iou(proposal.box());
    if (iou == 0) {
      return 0;
    }
    return iou * cosine(target.classProbs(), proposal.classProbs()) * proposal.objectness();
  }

  /** The best similarity over {@code proposals}: 0 when there are none. */
  public static float best(Target target, List<Proposal> proposals) {
    float best = 0;
    for (Proposal p : proposals) {
      best = Math.max(best, of(target, p));
    }
    return best;
  }

  /** Cosine similarity of two equal-length vectors; 0 when either is all zero. */
  public static float cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " values");
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return (float) (dot / Math.sqrt(na * nb));
  }
}

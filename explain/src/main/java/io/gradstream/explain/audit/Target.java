package io.gradstream.explain.audit;

/**
 * The detection to explain: D-RISE's target vector {@code d_t = [L_t, P_t]}. Its objectness is
 * taken as 1 (as in the paper), so only the proposals' objectness enters the similarity.
 *
 * @param box where, in model-input pixels
 * @param classId the class being explained, an index into {@code classProbs}
 * @param classProbs the class vector compared by cosine (shared, not copied: do not modify)
 */
public record Target(Box box, int classId, float[] classProbs) {
  public Target {
    if (classId < 0 || classId >= classProbs.length) {
      throw new IllegalArgumentException(
          "class " + classId + " outside " + classProbs.length + " classes");
    }
  }

  /**
   * The paper's target: a one-hot class vector, so a proposal counts by its probability of the
   * class.
   */
  public static Target oneHot(Box box, int classId, int classCount) {
    float[] probs = new float[classCount];
    if (classId >= 0 && classId < classCount) {
      probs[classId] = 1;
    }
    return new Target(box, classId, probs);
  }

  /** A detection the model made, explained as its own box and class, one-hot like the paper. */
  public static Target of(Proposal detection, int classId) {
    return oneHot(detection.box(), classId, detection.classProbs().length);
  }
}

package io.gradstream.explain.audit;

/**
 * One raw detector proposal before NMS: D-RISE's detection vector {@code d = [L, O, P]}.
 *
 * @param box where, in model-input pixels
 * @param objectness the detector's "something is here" score, 0–1
 * @param classProbs per-class probabilities (shared, not copied: do not modify)
 */
public record Proposal(Box box, float objectness, float[] classProbs) {

  /** The class with the highest probability. */
  public int bestClass() {
    int best = 0;
    for (int c = 1; c < classProbs.length; c++) {
      if (classProbs[c] > classProbs[best]) {
        best = c;
      }
    }
    return best;
  }

  /** YOLO's confidence for {@code classId}: objectness times that class's probability. */
  public float score(int classId) {
    return objectness * classProbs[classId];
  }
}

package io.gradstream.app.calibrate;

import io.gradstream.app.calibrate.EvaluationSet.EvalFrame;
import io.gradstream.app.calibrate.EvaluationSet.Label;
import io.gradstream.inference.detect.Detection;

/**
 * One detection of the evaluation set, explained, with the label a person gave it.
 *
 * @param frame where it was found
 * @param input the detector's input size
 * @param detection the detection, its explanation and reliability features attached
 * @param label its label, null when nobody labelled it yet
 */
public record EvaluatedDetection(EvalFrame frame, int input, Detection detection, Label label) {

  /** Whether it counts for fitting and scoring: labelled, and not unsure. */
  public boolean decided() {
    return label != null && label.verdict() != EvaluationSet.Verdict.UNSURE;
  }

  /** Whether a person judged it correct. */
  public boolean correct() {
    return label != null && label.verdict() == EvaluationSet.Verdict.CORRECT;
  }
}

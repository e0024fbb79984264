package io.gradstream.app.calibrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The area under the ROC curve for "a correct detection is ranked above a false one", and the curve
 * itself. Ties count half (the Mann–Whitney U statistic), so a constant score is worth exactly 0.5.
 */
final class Auroc {
  private Auroc() {}

  /**
   * One point of the curve: the share of false detections and of correct ones at or above a
   * threshold.
   */
  record Point(double threshold, double falsePositiveRate, double truePositiveRate) {}

  /**
   * @param scores higher means "more likely correct"
   * @param correct the truth, same order
   * @return the AUROC, or NaN when one of the two classes is empty
   */
  static double of(double[] scores, boolean[] correct) {
    int n = scores.length;
    Integer[] order = order(scores);
    double rankSumCorrect = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1; // the mean rank of a run of ties, 1-based, ascending
      for (int k = i; k <= j; k++) {
        if (correct[order[k]]) {
          rankSumCorrect += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumCorrect - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** The ROC curve from the highest threshold down, one point per distinct score. */
  static List<Point> curve(double[] scores, boolean[] correct) {
    Integer[] order = order(scores);
    long positives = 0;
    for (boolean c : correct) {
      positives += c ? 1 : 0;
    }
    long negatives = scores.length - positives;
    List<Point> points = new ArrayList<>();
    points.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
    long tp = 0;
    long fp = 0;
    for (int i = scores.length - 1; i >= 0; i--) {
      if (correct[order[i]]) {
        tp++;
      } else {
        fp++;
      }
      if (i == 0 || scores[order[i - 1]] != scores[order[i]]) {
        points.add(
            new Point(
                scores[order[i]],
                negatives == 0 ? 0 : (double) fp / negatives,
                positives == 0 ? 0 : (double) tp / positives));
      }
    }
    return points;
  }

  private static Integer[] order(double[] scores) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, k -> k);
    Arrays.sort(order, Comparator.comparingDouble(k -> scores[k]));
    return order;
  }
}

package io.gradstream.explain.reliability;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One number about a detection that the reliability model may read. The map features read the
 * detection's class-wide map (Grad-CAM from the detection's own gradient) whichever method's map is
 * shown, so one reliability model serves every gradient method. The order of the constants is the
 * order of a feature vector ({@link DetectionFeatures#values()}); a fitted model names the features
 * it uses, so adding one here never breaks a model file.
 */
public enum Feature {
  /** The detector's score: objectness × class probability. */
  SCORE(Group.OUTPUT),
  /** Objectness of the detection's output row. */
  OBJECTNESS(Group.OUTPUT),
  /** Class probability of the detection's output row. */
  CLASS_PROBABILITY(Group.OUTPUT),
  /** Class probability minus the best other class's, in the same row: how clear the class is. */
  CLASS_MARGIN(Group.OUTPUT),
  /** ln(box area / input area). */
  LOG_BOX_AREA(Group.OUTPUT),
  /** ln(width / height) of the box. */
  LOG_ASPECT(Group.OUTPUT),
  /** The head level the row comes from, 0 (finest) to 1 (coarsest). */
  HEAD_LEVEL(Group.OUTPUT),
  /** ln(1 + candidates of the class overlapping the box before NMS): MetaDetect's cluster size. */
  CLUSTER_SIZE(Group.OUTPUT),
  /** Mean score of those candidates. */
  CLUSTER_SCORE_MEAN(Group.OUTPUT),
  /** Standard deviation of their scores. */
  CLUSTER_SCORE_STD(Group.OUTPUT),
  /** Mean IoU of those candidates with the box. */
  CLUSTER_IOU_MEAN(Group.OUTPUT),
  /** Standard deviation of their IoUs with the box. */
  CLUSTER_IOU_STD(Group.OUTPUT),
  /**
   * The best score of another class among rows overlapping the box: a rival reading of the object.
   */
  RIVAL_CLASS_SCORE(Group.OUTPUT),
  /** The largest IoU with another detection of the same class in the frame. */
  SAME_CLASS_OVERLAP(Group.OUTPUT),
  /** The class map's share of energy inside the box (energy-based pointing game). */
  ENERGY_IN_BOX(Group.EXPLANATION),
  /** How concentrated the class map is: 1 − normalised entropy. */
  CONCENTRATION(Group.EXPLANATION),
  /** The class map's confidence (see {@code ExplanationQuality}). */
  MAP_CONFIDENCE(Group.EXPLANATION),
  /** The class map's share of energy inside other boxes of the same class and outside this one. */
  ENERGY_ON_OTHER_BOXES(Group.EXPLANATION),
  /** Distance from the class map's peak to the box centre, in half box diagonals. */
  PEAK_OFFSET(Group.EXPLANATION),
  /** ln ‖∂score/∂A‖₂ / score: how sharply the score reacts to its evidence. */
  LOG_GRADIENT_NORM(Group.EXPLANATION),
  /** ln of the class map's total positive evidence Σ map / score. */
  LOG_MAP_MASS(Group.EXPLANATION),
  /**
   * The share of the element-wise contributions g·A that push the score up: how one-sided the
   * evidence is.
   */
  POSITIVE_EVIDENCE_SHARE(Group.EXPLANATION),
  /** ln of the net first-order contribution Σ g·A / score. */
  LOG_NET_EVIDENCE(Group.EXPLANATION),
  /**
   * ln of the frames the tracker has matched the object in, this one included: 0 when it is first
   * seen, or when nothing tracks it (a still, the explain command).
   */
  TRACK_LENGTH(Group.TRACK),
  /** The mean detector score over those frames; the detection's own score when first seen. */
  TRACK_MEAN_SCORE(Group.TRACK);

  /** Where a feature comes from, for the ablation study. */
  public enum Group {
    /** The detector's own output: the row and the candidates around it. */
    OUTPUT,
    /** The explanation: the map and the gradient. */
    EXPLANATION,
    /**
     * The object's history along its track, set by the worker's tracker ({@link
     * DetectionFeatures#withTrack}).
     */
    TRACK
  }

  private final Group group;

  Feature(Group group) {
    this.group = group;
  }

  /** Where this feature comes from. */
  public Group group() {
    return group;
  }

  /** The name in model files and reports: lower case with underscores. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The feature named {@code key}, or an exception listing the known ones. */
  public static Feature byKey(String key) {
    if (key != null && key.equals(key.toLowerCase(Locale.ROOT))) {
      try {
        return valueOf(key.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the message that lists the names
      }
    }
    throw new IllegalArgumentException(
        "unknown reliability feature '"
            + key
            + "'; known: "
            + Arrays.stream(values()).map(Feature::key).toList());
  }

  /** The features of {@code group}, in vector order. */
  public static List<Feature> of(Group group) {
    return Arrays.stream(values()).filter(f -> f.group == group).toList();
  }
}

package io.gradstream.inference.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class-aware greedy non-maximum suppression: within each class, a box is dropped when it overlaps
 * a higher-scoring kept box by more than the IoU threshold. Boxes of different classes never
 * suppress each other (a person on a bicycle keeps both boxes).
 *
 * <p>One O(n log n) sort by score, then per class a scan against that class's kept boxes only.
 */
public final class Nms {
  private static final Comparator<Detection> BY_SCORE_DESCENDING =
      Comparator.comparingDouble(Detection::score).reversed();

  private Nms() {}

  /**
   * @param candidates detections of one image, any order
   * @param iouThreshold overlap above which the lower-scoring box of a class is dropped
   * @param maxDetections keep at most this many, the highest scores
   * @return the kept detections, by descending score
   */
  public static List<Detection> apply(
      List<Detection> candidates, float iouThreshold, int maxDetections) {
    List<Detection> sorted = new ArrayList<>(candidates);
    sorted.sort(BY_SCORE_DESCENDING);
    Map<Integer, List<BoundingBox>> keptByClass = new LinkedHashMap<>();
    List<Detection> kept = new ArrayList<>();
    for (Detection d : sorted) {
      if (kept.size() >= maxDetections) {
        break;
      }
      List<BoundingBox> sameClass =
          keptByClass.computeIfAbsent(d.classId(), c -> new ArrayList<>());
      if (overlapsAny(d.box(), sameClass, iouThreshold)) {
        continue;
      }
      sameClass.add(d.box());
      kept.add(d);
    }
    return kept;
  }

  private static boolean overlapsAny(BoundingBox box, List<BoundingBox> kept, float iouThreshold) {
    for (BoundingBox k : kept) {
      if (box.iou(k) > iouThreshold) {
        return true;
      }
    }
    return false;
  }
}

package io.gradstream.inference.testing;

import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.testing.LabelledFrame.LabelledObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compares detections with hand labels. Each labelled object takes the detection that overlaps it
 * by at least {@link #SAME_OBJECT_IOU} with an accepted class, the object's main label first, then
 * the best overlap. Of the detections left over:
 *
 * <ul>
 *   <li>a duplicate is one with another accepted class on an object already matched (a pickup as
 *       truck and as car: class-aware NMS keeps one box per class, so this is the detector working
 *       as specified, not a false object);
 *   <li>every other one is spurious: no labelled object there, a wrong class, or a same-class
 *       double.
 * </ul>
 *
 * @param matches per labelled object, in label order: the detection and its IoU, or null and 0
 * @param duplicates other accepted classes on already matched objects
 * @param spurious detections that match no labelled object
 */
public record DetectionScore(
    List<Match> matches, List<Detection> duplicates, List<Detection> spurious) {
  /** IoU at which a detection counts as "of" a labelled object rather than spurious. */
  public static final float SAME_OBJECT_IOU = 0.5f;

  /** A labelled object and the detection that best covers it, if any. */
  public record Match(LabelledObject object, Detection detection, float iou) {}

  /** Scores {@code detections} against {@code objects}. */
  public static DetectionScore of(List<LabelledObject> objects, List<Detection> detections) {
    List<Match> matches = new ArrayList<>();
    Set<Detection> used = new HashSet<>();
    for (LabelledObject object : objects) {
      Detection best = null;
      float bestIou = 0;
      for (Detection d : detections) {
        float iou = d.box().iou(object.boundingBox());
        if (used.contains(d) || !object.accepts(d.label()) || iou < SAME_OBJECT_IOU) {
          continue;
        }
        boolean main = d.label().equals(object.label());
        boolean bestIsMain = best != null && best.label().equals(object.label());
        if (best == null || (main && !bestIsMain) || (main == bestIsMain && iou > bestIou)) {
          best = d;
          bestIou = iou;
        }
      }
      if (best == null) {
        // Report the nearest accepted-class box, if any, so a failure shows how far off it was.
        for (Detection d : detections) {
          float iou = d.box().iou(object.boundingBox());
          if (!used.contains(d) && object.accepts(d.label()) && iou > bestIou) {
            best = d;
            bestIou = iou;
          }
        }
        matches.add(new Match(object, best, bestIou));
        continue;
      }
      used.add(best);
      matches.add(new Match(object, best, bestIou));
    }
    List<Detection> duplicates = new ArrayList<>();
    List<Detection> spurious = new ArrayList<>();
    for (Detection d : detections) {
      if (used.contains(d)) {
        continue;
      }
      boolean otherClassOnMatchedObject =
          matches.stream()
              .anyMatch(
                  m ->
                      m.detection() != null
                          && used.contains(m.detection())
                          && !m.detection().label().equals(d.label())
                          && m.object().accepts(d.label())
                          && d.box().iou(m.object().boundingBox()) >= SAME_OBJECT_IOU);
      (otherClassOnMatchedObject ? duplicates : spurious).add(d);
    }
    return new DetectionScore(matches, duplicates, spurious);
  }

  /** One line per labelled object and per spurious detection, for the test log. */
  public String report() {
    StringBuilder s = new StringBuilder();
    for (Match m : matches) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %-10s %-26s -> %s%n",
              m.object().label() + (m.object().optional() ? "?" : ""),
              box(m.object().boundingBox()),
              m.detection() == null
                  ? "nothing"
                  : String.format(
                      Locale.ROOT,
                      "%s %.2f %s IoU %.2f",
                      m.detection().label(),
                      m.detection().score(),
                      box(m.detection().box()),
                      m.iou())));
    }
    for (Detection d : duplicates) {
      s.append(
          String.format(
              Locale.ROOT, "  duplicate  %s %.2f %s%n", d.label(), d.score(), box(d.box())));
    }
    for (Detection d : spurious) {
      s.append(
          String.format(
              Locale.ROOT, "  spurious   %s %.2f %s%n", d.label(), d.score(), box(d.box())));
    }
    return s.toString();
  }

  private static String box(io.gradstream.inference.detect.BoundingBox b) {
    return String.format(Locale.ROOT, "[%.0f, %.0f, %.0f, %.0f]", b.x1(), b.y1(), b.x2(), b.y2());
  }
}

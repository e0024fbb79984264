package io.gradstream.inference.testing;

import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.testing.LabelledFrame.LabelledObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compares detections with hand labels: for each labelled object the best-overlapping detection of
 * an accepted class; detections that match no object (or an object already matched) are spurious.
 *
 * @param matches  per labelled object, in label order: the detection and its IoU, or null and 0
 * @param spurious detections that match no labelled object
 */
public record DetectionScore(List<Match> matches, List<Detection> spurious) {
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
        if (!used.contains(d) && object.accepts(d.label()) && iou > bestIou) {
          best = d;
          bestIou = iou;
        }
      }
      if (best != null && bestIou >= SAME_OBJECT_IOU) {
        used.add(best);
      }
      matches.add(new Match(object, best, best == null ? 0 : bestIou));
    }
    List<Detection> spurious = detections.stream().filter(d -> !used.contains(d)).toList();
    return new DetectionScore(matches, spurious);
  }

  /** One line per labelled object and per spurious detection, for the test log. */
  public String report() {
    StringBuilder s = new StringBuilder();
    for (Match m : matches) {
      s.append(String.format(Locale.ROOT, "  %-10s %-26s -> %s%n", m.object().label() + (m.object().optional() ? "?" : ""),
          box(m.object().boundingBox()), m.detection() == null ? "nothing"
              : String.format(Locale.ROOT, "%s %.2f %s IoU %.2f", m.detection().label(), m.detection().score(),
                  box(m.detection().box()), m.iou())));
    }
    for (Detection d : spurious) {
      s.append(String.format(Locale.ROOT, "  spurious   %s %.2f %s%n", d.label(), d.score(), box(d.box())));
    }
    return s.toString();
  }

  private static String box(io.gradstream.inference.detect.BoundingBox b) {
    return String.format(Locale.ROOT, "[%.0f, %.0f, %.0f, %.0f]", b.x1(), b.y1(), b.x2(), b.y2());
  }
}

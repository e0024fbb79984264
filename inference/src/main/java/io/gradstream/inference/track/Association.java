package io.gradstream.inference.track;

import io.gradstream.inference.detect.Detection;
import java.util.List;

/**
 * One association round: pairs tracks with detections of the same class by the overlap of the
 * track's predicted box and the detection's box, maximising total overlap (cost 1 - IoU) over the
 * pairs that overlap at least {@code minIou}.
 */
final class Association {
  private Association() {}

  /**
   * @return for each track (by index) the index of its detection in {@code detections}, or -1
   */
  static int[] match(List<Track> tracks, List<Detection> detections, double minIou) {
    double[][] cost = new double[tracks.size()][detections.size()];
    for (int t = 0; t < tracks.size(); t++) {
      Track track = tracks.get(t);
      var predicted = track.predicted();
      for (int d = 0; d < detections.size(); d++) {
        Detection detection = detections.get(d);
        // Class-consistent: a track never changes class, so a "person" track cannot swallow a "dog"
        // box.
        double iou = detection.classId() == track.classId() ? predicted.iou(detection.box()) : 0;
        cost[t][d] = iou >= minIou ? 1 - iou : HungarianAssignment.FORBIDDEN;
      }
    }
    return HungarianAssignment.solve(cost);
  }
}

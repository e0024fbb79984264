package io.gradstream.app.calibrate;

import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.track.CameraTracker;
import io.gradstream.inference.track.TrackedDetection;
import io.gradstream.inference.track.TrackerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Gives each detection of the evaluation set the track history the worker would give it: each
 * scene's frames go, in order and at each input size apart, through the worker's tracker, and each
 * detection's track features are set from what the tracker says. A still is one frame, so its
 * detections keep their first-sighting values, as the worker's would on a camera's first frame.
 */
final class EvaluationTracks {
  private EvaluationTracks() {}

  /**
   * The positions in {@code detections} by scene and input size ("scene@input", sorted), then by
   * frame number (in order): each entry is one video as a camera would stream it.
   */
  static Map<String, TreeMap<Integer, List<Integer>>> videos(List<EvaluatedDetection> detections) {
    return IntStream.range(0, detections.size())
        .boxed()
        .collect(
            Collectors.groupingBy(
                i -> detections.get(i).frame().scene() + "@" + detections.get(i).input(),
                TreeMap::new,
                Collectors.groupingBy(
                    i -> detections.get(i).frame().frame(), TreeMap::new, Collectors.toList())));
  }

  /** {@code detections}, same order, each with its track features. */
  static List<EvaluatedDetection> follow(List<EvaluatedDetection> detections) {
    List<EvaluatedDetection> out = new ArrayList<>(detections);
    for (TreeMap<Integer, List<Integer>> frames : videos(detections).values()) {
      CameraTracker tracker = new CameraTracker(TrackerConfig.defaults());
      for (List<Integer> frame : frames.values()) {
        List<TrackedDetection> tracked =
            tracker.update(frame.stream().map(i -> detections.get(i).detection()).toList());
        for (int j = 0; j < frame.size(); j++) {
          EvaluatedDetection d = detections.get(frame.get(j));
          TrackedDetection t = tracked.get(j);
          out.set(
              frame.get(j),
              new EvaluatedDetection(d.frame(), d.input(), withTrack(d.detection(), t), d.label()));
        }
      }
    }
    return out;
  }

  private static Detection withTrack(Detection d, TrackedDetection t) {
    DetectionExplanation e = d.explanation();
    return d.withExplanation(e.withFeatures(e.features().withTrack(t.frames(), t.meanScore())));
  }
}

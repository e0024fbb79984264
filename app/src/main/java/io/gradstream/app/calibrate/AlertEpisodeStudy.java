package io.gradstream.app.calibrate;

import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.ExplanationQuality;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.track.CameraTracker;
import io.gradstream.inference.track.TrackedDetection;
import io.gradstream.inference.track.TrackerConfig;
import io.gradstream.publisher.alert.AlertEvaluator;
import io.gradstream.publisher.alert.RaisedAlert;
import io.gradstream.publisher.alert.rule.LowConfidenceRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alert episodes on the evaluation set's video scenes, as the service would raise them: each
 * scene's frames go, in order, through the worker's tracker and the publisher's low-confidence rule
 * (its hysteresis and per-track cooldown), with the reliability the fitted model gives each
 * detection; an episode counts as right when the detection that raised it was labelled false. The
 * rule judges tracks, so a detection the tracker never follows ({@link TrackerConfig#defaults()})
 * raises no episode. The set's video frames are three film frames apart (8 a second of 24 fps
 * footage), close to a 10 fps camera. Stills have no frames in a row, so they are not here: per
 * detection, they are in the alert precision beside.
 */
final class AlertEpisodeStudy {
  /**
   * Film frames per second of the set's videos (Megamind.avi); it sets the frames' capture times.
   */
  private static final double FILM_FPS = 24;

  private AlertEpisodeStudy() {}

  /**
   * The episodes raised on {@code detections}' video scenes.
   *
   * @param detections every detection of one split, unsure and unlabelled ones included (the
   *     tracker sees what the worker would)
   * @param reliability the fitted model's probability for each, same order
   * @param rule the low-confidence rule, its threshold the calibrated one
   * @param cooldownMs the alerts' per-track cooldown
   * @param trackIdleMs a track unseen this long is forgotten by the rule
   */
  static Map<String, Object> run(
      List<EvaluatedDetection> detections,
      double[] reliability,
      LowConfidenceRuleConfig rule,
      long cooldownMs,
      long trackIdleMs) {
    Map<String, TreeMap<Integer, List<Integer>>> videos = EvaluationTracks.videos(detections);
    videos.values().removeIf(frames -> frames.size() < 2);

    List<Map<String, Object>> episodes = new ArrayList<>();
    // Tracks with a detection labelled false.
    Set<String> falseTracks = new HashSet<>();
    for (var video : videos.entrySet()) {
      AlertEvaluator evaluator =
          new AlertEvaluator(List.of(new LowConfidenceRule(rule)), cooldownMs, trackIdleMs);
      CameraTracker tracker = new CameraTracker(TrackerConfig.defaults());
      for (var frame : video.getValue().entrySet()) {
        List<Integer> at = frame.getValue();
        List<TrackedDetection> tracked =
            tracker.update(at.stream().map(i -> detections.get(i).detection()).toList());
        Map<Long, Integer> byTrack = new LinkedHashMap<>();
        ExplainedFrame.Builder wire =
            ExplainedFrame.newBuilder()
                .setCameraId(video.getKey())
                .setSeq(frame.getKey())
                .setCaptureTimeUnixMicros(Math.round(frame.getKey() * 1e6 / FILM_FPS))
                .setIngestSession("evaluation");
        for (int j = 0; j < at.size(); j++) {
          TrackedDetection t = tracked.get(j);
          Detection d = t.detection();
          byTrack.put(t.trackId(), at.get(j));
          if (t.tracked() && isFalse(detections.get(at.get(j)))) {
            falseTracks.add(video.getKey() + "#" + t.trackId());
          }
          wire.addDetections(
              io.gradstream.common.wire.Detection.newBuilder()
                  .setTrackId(t.trackId())
                  .setClassId(d.classId())
                  .setLabel(d.label())
                  .setScore(d.score())
                  .setQuality(
                      ExplanationQuality.newBuilder()
                          .setReliability((float) reliability[at.get(j)])));
        }
        for (RaisedAlert alert : evaluator.evaluate(wire.build()).raised()) {
          EvaluatedDetection raisedOn = detections.get(byTrack.get(alert.detection().getTrackId()));
          String verdict =
              raisedOn.label() == null
                  ? "unlabelled"
                  : raisedOn.label().verdict().name().toLowerCase(java.util.Locale.ROOT);
          episodes.add(
              Map.of(
                  "video",
                  video.getKey(),
                  "frame",
                  frame.getKey(),
                  "track",
                  alert.detection().getTrackId(),
                  "label",
                  raisedOn.detection().label(),
                  "verdict",
                  verdict));
        }
      }
    }
    episodes.sort(
        Comparator.comparing((Map<String, Object> e) -> (String) e.get("video"))
            .thenComparing(e -> (Integer) e.get("frame")));
    int onFalse = (int) episodes.stream().filter(e -> e.get("verdict").equals("false")).count();
    int onCorrect = (int) episodes.stream().filter(e -> e.get("verdict").equals("correct")).count();
    int falseTracksAlerted =
        (int)
            episodes.stream()
                .filter(e -> e.get("verdict").equals("false"))
                .map(e -> e.get("video") + "#" + e.get("track"))
                .distinct()
                .count();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("videos", new ArrayList<>(videos.keySet()));
    out.put("frames", videos.values().stream().mapToInt(Map::size).sum());
    out.put("episodes", episodes.size());
    out.put("on_false", onFalse);
    out.put("on_correct", onCorrect);
    out.put("on_unsure_or_unlabelled", episodes.size() - onFalse - onCorrect);
    out.put(
        "precision",
        onFalse + onCorrect == 0 ? Double.NaN : (double) onFalse / (onFalse + onCorrect));
    out.put("false_tracks", falseTracks.size());
    out.put("false_tracks_alerted", falseTracksAlerted);
    out.put("raised", episodes);
    return out;
  }

  private static boolean isFalse(EvaluatedDetection d) {
    return d.label() != null && d.label().verdict() == EvaluationSet.Verdict.FALSE;
  }
}

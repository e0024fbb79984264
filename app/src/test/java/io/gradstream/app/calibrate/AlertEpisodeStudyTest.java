package io.gradstream.app.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.calibrate.EvaluationSet.EvalFrame;
import io.gradstream.app.calibrate.EvaluationSet.Label;
import io.gradstream.app.calibrate.EvaluationSet.Split;
import io.gradstream.app.calibrate.EvaluationSet.Verdict;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertEpisodeStudyTest {
  private static final Path FILM = Path.of("film.avi");
  private static final LowConfidenceRuleConfig RULE =
      new LowConfidenceRuleConfig(true, 0.2, 5, 5, 0.29);

  @Test
  void eachUnreliableFalseTrackIsOneEpisodeAndReliableOrUntrackedDetectionsNone() {
    List<EvaluatedDetection> detections = new ArrayList<>();
    List<Double> reliability = new ArrayList<>();
    for (int f = 1; f <= 40; f += 3) {
      EvalFrame frame = new EvalFrame("film-shot1", Split.TEST, FILM, f);
      // A false cup, scored high enough to start a track, unreliable in every frame: one episode,
      // then cooldown.
      add(
          detections,
          reliability,
          frame,
          "cup",
          0.7f,
          new BoundingBox(100, 100, 150, 160),
          Verdict.FALSE,
          0.1);
      // A correct person, reliable: nothing.
      add(
          detections,
          reliability,
          frame,
          "person",
          0.9f,
          new BoundingBox(300, 50, 360, 250),
          Verdict.CORRECT,
          0.95);
      // A false tie with a low score: it gets a track all the same, and its own episode.
      add(
          detections,
          reliability,
          frame,
          "tie",
          0.4f,
          new BoundingBox(500, 300, 520, 360),
          Verdict.FALSE,
          0.05);
      // A false kite under the tracker's new-track score: it never gets a track, so the rule
      // cannot judge it.
      add(
          detections,
          reliability,
          frame,
          "kite",
          0.2f,
          new BoundingBox(600, 20, 640, 60),
          Verdict.FALSE,
          0.05);
    }
    // A still: one frame is no video.
    add(
        detections,
        reliability,
        new EvalFrame("photo", Split.TEST, Path.of("photo.jpg"), 0),
        "cup",
        0.7f,
        new BoundingBox(10, 10, 50, 50),
        Verdict.FALSE,
        0.1);

    Map<String, Object> out =
        AlertEpisodeStudy.run(
            detections,
            reliability.stream().mapToDouble(Double::doubleValue).toArray(),
            RULE,
            60_000,
            30_000);

    assertThat(out.get("videos")).isEqualTo(List.of("film-shot1@640"));
    assertThat(out.get("frames")).isEqualTo(14);
    assertThat(out.get("episodes")).isEqualTo(2);
    assertThat(out.get("on_false")).isEqualTo(2);
    assertThat(out.get("on_correct")).isEqualTo(0);
    assertThat(out.get("precision")).isEqualTo(1.0);
    assertThat(out.get("false_tracks"))
        .as("the cup's and the tie's; the kite has none")
        .isEqualTo(2);
    assertThat(out.get("false_tracks_alerted")).isEqualTo(2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> raised = (List<Map<String, Object>>) out.get("raised");
    // Each gets its id on its third frame (7); the fifth bad frame in a row with it is 7, 10, 13,
    // 16, 19.
    assertThat(raised)
        .extracting(e -> e.get("label") + "@" + e.get("frame"))
        .containsExactlyInAnyOrder("cup@19", "tie@19");
  }

  private static void add(
      List<EvaluatedDetection> detections,
      List<Double> reliability,
      EvalFrame frame,
      String label,
      float score,
      BoundingBox box,
      Verdict verdict,
      double p) {
    Detection d = new Detection(0, label, score, box);
    detections.add(
        new EvaluatedDetection(
            frame,
            640,
            d,
            new Label(
                frame.scene(),
                frame.source(),
                frame.frame(),
                640,
                label,
                score,
                box,
                verdict,
                "")));
    reliability.add(p);
  }
}

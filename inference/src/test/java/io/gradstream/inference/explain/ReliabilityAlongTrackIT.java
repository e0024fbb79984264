package io.gradstream.inference.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.reliability.DetectionFeatures;
import io.gradstream.explain.reliability.Feature;
import io.gradstream.explain.reliability.ReliabilityModel;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.inference.testing.DemoModel;
import io.gradstream.inference.testing.RealFrames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo detector scores each detection as first seen; the worker scores it again with its
 * track's history ({@code Detector#scoreAlongTrack}), which only the tracker knows. On a real
 * vtest.avi frame, with a reliability model that reads the track features.
 */
@Tag("e2e")
class ReliabilityAlongTrackIT {
  @TempDir Path dir;

  @Test
  void aDetectionIsScoredAsFirstSeenAndAgainWithItsTrackHistory() throws Exception {
    ModelLocation demo = DemoModel.location();
    DetectorOptions options = DetectorOptions.defaults().withExplainMethod("hirescam");
    List<String> layers;
    try (OnnxYoloDetector probe = OnnxYoloDetector.open(demo, options)) {
      layers = probe.explainedLayers();
    }
    Path file = dir.resolve("track.reliability.json");
    ReliabilityModel model =
        new ReliabilityModel(
            ReliabilityModel.FORMAT,
            layers,
            List.of("score", "track_length", "track_mean_score"),
            new double[] {0.5, 1, 0.5},
            new double[] {0.2, 1, 0.2},
            new double[] {1, 1, 1},
            0,
            Map.of());
    model.write(file);

    try (OnnxYoloDetector detector =
        OnnxYoloDetector.open(demo, options.withReliabilityModel(file.toString()))) {
      List<Detection> found =
          detector
              .detectAndExplain(List.of(RealFrames.videoFrame(ExplainedDetectionsIT.VTEST, 100)))
              .get(0)
              .detections();
      assertThat(found).as("people in vtest frame 100").isNotEmpty();
      for (Detection d : found) {
        DetectionFeatures first = d.explanation().features();
        assertThat(first.get(Feature.TRACK_LENGTH)).as("first seen: one frame").isZero();
        assertThat(first.get(Feature.TRACK_MEAN_SCORE)).isCloseTo(d.score(), within(1e-6));
        assertThat(d.reliability()).isCloseTo(model.probability(first), within(1e-12));
        assertThat(detector.scoreAlongTrack(d, 1, d.score()).reliability())
            .as("a one-frame track is a first sighting")
            .isCloseTo(d.reliability(), within(1e-12));

        Detection followed = detector.scoreAlongTrack(d, 20, 0.9);
        DetectionFeatures along = followed.explanation().features();
        assertThat(along.get(Feature.TRACK_LENGTH)).isCloseTo(Math.log(20), within(1e-12));
        assertThat(along.get(Feature.TRACK_MEAN_SCORE)).isEqualTo(0.9);
        assertThat(along.get(Feature.SCORE)).isEqualTo(first.get(Feature.SCORE));
        assertThat(followed.reliability())
            .as("a long, confident track makes the detection more reliable")
            .isCloseTo(model.probability(along), within(1e-12))
            .isGreaterThan(d.reliability());
      }
    }
  }
}

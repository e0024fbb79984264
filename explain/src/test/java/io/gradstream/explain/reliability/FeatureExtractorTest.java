package io.gradstream.explain.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.cam.CamMap;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.engine.RowLocation;
import io.gradstream.explain.quality.Quality;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 40-pixel input with two classes and a 4×4 map (10 pixels a cell): detection A (class 0 at (10,
 * 10)) with one weaker candidate beside it that NMS suppressed, and detection B of the same class
 * at (30, 30). Every feature is worked out by hand below.
 */
class FeatureExtractorTest {
  private static final int COLUMNS = 7;

  private static float[] output() {
    float[][] rows = {
      {10, 10, 10, 10, 0.9f, 0.8f, 0.1f}, // 0: A, score 0.72
      {
        11, 10, 10, 10, 0.5f, 0.6f, 0.3f
      }, // 1: beside A, IoU 90/110, class-0 score 0.30, class-1 0.15
      {30, 30, 10, 10, 0.8f, 0.9f, 0.05f}, // 2: B, score 0.72
      {10, 10, 10, 10, 0.005f, 0.9f, 0.9f}, // 3: objectness under 0.01: not a candidate
    };
    float[] out = new float[rows.length * COLUMNS];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, out, r * COLUMNS, COLUMNS);
    }
    return out;
  }

  private static DetectionExplanation explained(int row) {
    return new DetectionExplanation(
        new ExplainTarget(row, 0),
        new RowLocation(0, 0, 0, 0),
        "layer",
        10,
        "hirescam",
        new float[16],
        new CamMap(4, 4, new byte[16], 0f),
        Quality.NONE,
        null);
  }

  @Test
  void eachFeatureOfADetectionInAFrameWorkedOutByHand() {
    float[] classMap = new float[16];
    classMap[1 * 4 + 1] = 3; // cell (1, 1): a quarter of it inside A's box [0.5, 1.5]²
    classMap[3 * 4 + 3] = 1; // cell (3, 3): a quarter of it inside B's box [2.5, 3.5]²
    List<DetectionFeatures> f =
        FeatureExtractor.extract(
            output(),
            COLUMNS,
            40,
            1f,
            3,
            List.of(explained(0), explained(2)),
            List.of(new ClassMap(classMap, 4, 4, 10), new ClassMap(new float[16], 4, 4, 10)),
            List.of(new GradientEvidence(2, 3, 1), GradientEvidence.NONE));

    DetectionFeatures a = f.get(0);
    assertThat(a.get(Feature.SCORE)).isCloseTo(0.72, within(1e-6));
    assertThat(a.get(Feature.CLASS_MARGIN)).isCloseTo(0.7, within(1e-6));
    assertThat(a.get(Feature.LOG_BOX_AREA)).isCloseTo(Math.log(100.0 / 1600), within(1e-6));
    assertThat(a.get(Feature.LOG_ASPECT)).isCloseTo(0, within(1e-9));
    assertThat(a.get(Feature.HEAD_LEVEL)).isZero();
    // The cluster: A itself and the candidate beside it.
    double iou = 90.0 / 110;
    assertThat(a.get(Feature.CLUSTER_SIZE)).isCloseTo(Math.log(3), within(1e-9));
    assertThat(a.get(Feature.CLUSTER_SCORE_MEAN)).isCloseTo((0.72 + 0.30) / 2, within(1e-6));
    assertThat(a.get(Feature.CLUSTER_SCORE_STD)).isCloseTo(0.21, within(1e-6));
    assertThat(a.get(Feature.CLUSTER_IOU_MEAN)).isCloseTo((1 + iou) / 2, within(1e-6));
    assertThat(a.get(Feature.CLUSTER_IOU_STD)).isCloseTo((1 - iou) / 2, within(1e-6));
    assertThat(a.get(Feature.RIVAL_CLASS_SCORE))
        .as("the candidate's class-1 score")
        .isCloseTo(0.15, within(1e-6));
    assertThat(a.get(Feature.SAME_CLASS_OVERLAP)).isZero();
    // The class map: 0.75 of its 4 inside A's box, 0.25 inside B's, its peak a half diagonal from
    // A's centre.
    assertThat(a.get(Feature.ENERGY_IN_BOX)).isCloseTo(0.75 / 4, within(1e-6));
    assertThat(a.get(Feature.ENERGY_ON_OTHER_BOXES)).isCloseTo(0.25 / 4, within(1e-6));
    assertThat(a.get(Feature.PEAK_OFFSET)).isCloseTo(1, within(1e-6));
    assertThat(a.get(Feature.LOG_MAP_MASS)).isCloseTo(Math.log(4 / 0.72), within(1e-6));
    assertThat(a.get(Feature.LOG_GRADIENT_NORM)).isCloseTo(Math.log(2 / 0.72), within(1e-6));
    assertThat(a.get(Feature.POSITIVE_EVIDENCE_SHARE)).isCloseTo(0.75, within(1e-9));
    assertThat(a.get(Feature.LOG_NET_EVIDENCE)).isCloseTo(Math.log(2 / 0.72), within(1e-6));

    DetectionFeatures b = f.get(1);
    assertThat(b.get(Feature.SCORE)).isCloseTo(0.72, within(1e-6));
    assertThat(b.get(Feature.CLUSTER_SIZE))
        .as("B alone: the low-objectness row is no candidate")
        .isCloseTo(Math.log(2), within(1e-9));
    assertThat(b.get(Feature.CLUSTER_SCORE_STD)).isZero();
    assertThat(b.get(Feature.ENERGY_IN_BOX)).as("an all-zero map").isZero();
    assertThat(b.get(Feature.PEAK_OFFSET)).isZero();
    assertThat(b.get(Feature.TRACK_LENGTH)).as("as first seen").isZero();
    assertThat(b.get(Feature.TRACK_MEAN_SCORE)).isEqualTo(b.get(Feature.SCORE));
    DetectionFeatures followed = b.withTrack(8, 0.6);
    assertThat(followed.get(Feature.TRACK_LENGTH)).isCloseTo(Math.log(8), within(1e-12));
    assertThat(followed.get(Feature.TRACK_MEAN_SCORE)).isEqualTo(0.6);
    assertThat(followed.get(Feature.SCORE)).isEqualTo(b.get(Feature.SCORE));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.withTrack(0, 0.6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one frame");
  }

  @Test
  void featureNamesAreLowerCaseKeysAndAnUnknownOneIsRefusedListingTheKnown() {
    assertThat(Feature.byKey("energy_on_other_boxes")).isEqualTo(Feature.ENERGY_ON_OTHER_BOXES);
    assertThat(Feature.of(Feature.Group.OUTPUT))
        .contains(Feature.SCORE)
        .doesNotContain(Feature.ENERGY_IN_BOX);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Feature.byKey("SCORE"))
        .hasMessageContaining("known: [score");
  }
}

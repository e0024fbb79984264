package io.gradstream.explain.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExplanationQualityTest {

  private static float[] peak(int width, int height, int x, int y, float value) {
    float[] map = new float[width * height];
    map[y * width + x] = value;
    return map;
  }

  @Test
  void aFlatMapPutsOnlyTheBoxsAreaShareInItAndEarnsNoConfidence() {
    float[] flat = new float[16];
    Arrays.fill(flat, 1f);
    Quality q = ExplanationQuality.measure(flat, 4, 4, new CellBox(1, 1, 3, 3));
    assertThat(q.energyInBox()).isCloseTo(0.25f, within(1e-6f));
    assertThat(q.concentration()).isCloseTo(0f, within(1e-6f));
    assertThat(q.confidence()).isCloseTo(0f, within(1e-6f));
  }

  @Test
  void onePeakInsideTheBoxScoresOneOnEverything() {
    Quality q = ExplanationQuality.measure(peak(8, 8, 2, 3, 5f), 8, 8, new CellBox(1, 2, 4, 5));
    assertThat(q).isEqualTo(new Quality(1f, 1f, 1f));
  }

  @Test
  void onePeakOutsideTheBoxIsConcentratedButEarnsNoConfidence() {
    Quality q = ExplanationQuality.measure(peak(8, 8, 2, 3, 5f), 8, 8, new CellBox(5, 5, 8, 8));
    assertThat(q).isEqualTo(new Quality(0f, 1f, 0f));
  }

  @Test
  void aMapFillingALargeBoxEvenlyIsNotPunishedForBeingSpread() {
    // Half the 8x8 map: concentration 1 - ln 32 / ln 64 = 1/6, exactly that of a map filling the
    // box.
    float[] map = new float[64];
    Arrays.fill(map, 0, 32, 2f);
    Quality q = ExplanationQuality.measure(map, 8, 8, new CellBox(0, 0, 8, 4));
    assertThat(q.energyInBox()).isEqualTo(1f);
    assertThat(q.concentration()).isCloseTo(1f / 6, within(1e-6f));
    assertThat(q.confidence()).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void aPeakInTheBoxOverAHazeAcrossTheFrameLosesSomeConfidence() {
    float[] map = new float[64];
    Arrays.fill(map, 0.05f);
    map[3 * 8 + 2] = 10f;
    Quality q = ExplanationQuality.measure(map, 8, 8, new CellBox(2, 3, 3, 4));
    float lift = (q.energyInBox() - 1 / 64f) / (1 - 1 / 64f);
    assertThat(q.confidence())
        .isCloseTo(lift * q.concentration(), within(1e-6f))
        .isBetween(0.1f, lift - 0.1f);
  }

  @Test
  void boxEdgesInsideCellsCountCellsByTheirCoveredFraction() {
    // A 4x1 map (4, 3, 2, 1) and a box from x = 0.5 to 2.25: cells count 0.5, 1 and 0.25.
    float[] map = {4, 3, 2, 1};
    Quality q = ExplanationQuality.measure(map, 4, 1, new CellBox(0.5f, 0, 2.25f, 1));
    double energy = (0.5 * 4 + 3 + 0.25 * 2) / 10; // 0.55
    double area = 1.75 / 4;
    double entropy =
        -(0.4 * Math.log(0.4) + 0.3 * Math.log(0.3) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1));
    double concentration = 1 - entropy / Math.log(4);
    double boxConcentration = 1 - Math.log(1.75) / Math.log(4);
    assertThat(q.energyInBox()).isCloseTo((float) energy, within(1e-6f));
    assertThat(q.concentration()).isCloseTo((float) concentration, within(1e-6f));
    assertThat(q.confidence())
        .isCloseTo(
            (float) ((energy - area) / (1 - area) * concentration / boxConcentration),
            within(1e-6f));
  }

  @Test
  void aBoxReachingPastTheMapCountsOnlyItsCellsInside() {
    // Only cell (0, 0) of the 2x2 map lies in the box.
    Quality q =
        ExplanationQuality.measure(new float[] {3, 1, 0, 0}, 2, 2, new CellBox(-2, -2, 1, 1));
    assertThat(q.energyInBox()).isCloseTo(0.75f, within(1e-6f));
    assertThat(new CellBox(0.5f, 0.25f, 3, 0.75f).overlap(0, 0)).isEqualTo(0.25f);
    assertThat(new CellBox(0.5f, 0.25f, 3, 0.75f).overlap(0, 1)).isZero();
  }

  @Test
  void anAllZeroMapExplainsNothing() {
    assertThat(ExplanationQuality.measure(new float[9], 3, 3, new CellBox(0, 0, 1, 1)))
        .isEqualTo(Quality.NONE);
  }

  @Test
  void rejectsNegativeValuesAndMismatchedSizesAndInvertedBoxes() {
    assertThatThrownBy(
            () -> ExplanationQuality.measure(new float[] {1, -1}, 2, 1, new CellBox(0, 0, 1, 1)))
        .hasMessageContaining("non-negative");
    assertThatThrownBy(
            () -> ExplanationQuality.measure(new float[3], 2, 1, new CellBox(0, 0, 1, 1)))
        .hasMessageContaining("2x1");
    assertThatThrownBy(() -> new CellBox(2, 0, 1, 1)).hasMessageContaining("x1 <= x2");
  }
}

package io.gradstream.app.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AurocTest {
  @Test
  void countsTheShareOfCorrectFalsePairsRankedRightWithTiesAsHalf() {
    // Correct: 0.9, 0.5; false: 0.5, 0.1. Pairs: (0.9>0.5) (0.9>0.1) (0.5=0.5 half) (0.5>0.1) = 3.5
    // of 4.
    assertThat(
            Auroc.of(new double[] {0.9, 0.5, 0.5, 0.1}, new boolean[] {true, true, false, false}))
        .isCloseTo(0.875, within(1e-12));
    assertThat(Auroc.of(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, false, true}))
        .isEqualTo(0.5);
    assertThat(Auroc.of(new double[] {0.1, 0.9}, new boolean[] {true, false})).isZero();
    assertThat(Auroc.of(new double[] {0.1, 0.9}, new boolean[] {true, true})).isNaN();
  }

  @Test
  void theCurveRunsFromTheOriginToTheCornerOnePointPerDistinctScore() {
    List<Auroc.Point> curve =
        Auroc.curve(new double[] {0.9, 0.5, 0.5, 0.1}, new boolean[] {true, true, false, false});
    assertThat(curve)
        .extracting(Auroc.Point::falsePositiveRate)
        .containsExactly(0.0, 0.0, 0.5, 1.0);
    assertThat(curve).extracting(Auroc.Point::truePositiveRate).containsExactly(0.0, 0.5, 1.0, 1.0);
  }
}

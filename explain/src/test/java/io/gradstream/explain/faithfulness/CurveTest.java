package io.gradstream.explain.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CurveTest {

  @Test
  void aucIsTheTrapezoidMeanOverZeroToOne() {
    assertThat(new Curve(new float[] {1, 1, 1}).auc()).isCloseTo(1, within(1e-9));
    assertThat(new Curve(new float[] {1, 0.75f, 0.5f, 0.25f, 0}).auc())
        .isCloseTo(0.5, within(1e-9));
    assertThat(new Curve(new float[] {0, 1}).auc()).isCloseTo(0.5, within(1e-9));
    // A drop after the first step: the triangle 1 x 1/4 / 2.
    assertThat(new Curve(new float[] {1, 0, 0, 0, 0}).auc()).isCloseTo(0.125, within(1e-9));
    // Trapezoids (0.2+0.6)/2, (0.6+1)/2 over steps of 1/2: 0.2 + 0.4.
    assertThat(new Curve(new float[] {0.2f, 0.6f, 1}).auc()).isCloseTo(0.6, within(1e-6));
    assertThat(new Curve(new float[] {0.2f, 0.6f, 1}).steps()).isEqualTo(2);
  }

  @Test
  void aCurveNeedsBothEnds() {
    assertThatThrownBy(() -> new Curve(new float[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

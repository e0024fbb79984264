package io.gradstream.explain.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PixelOrderTest {

  @Test
  void mostSalientFirstAndTiesByLowerIndex() {
    float[] s = {0.5f, 2f, -1f, 0.5f, 2f, 0f, -0f, Float.NaN};
    assertThat(PixelOrder.descending(s)).containsExactly(1, 4, 0, 3, 5, 6, 2, 7);
  }

  @Test
  void aFlatMapKeepsRowMajorOrder() {
    assertThat(PixelOrder.descending(new float[5])).containsExactly(0, 1, 2, 3, 4);
  }
}

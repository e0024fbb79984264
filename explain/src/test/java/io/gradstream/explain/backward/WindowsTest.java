package io.gradstream.explain.backward;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.TinyModels;
import org.junit.jupiter.api.Test;

class WindowsTest {
  /** Batched crops, as the windowed backward is fed them, equal one crop at a time. */
  @Test
  void cropIntoABatchEqualsCropAlsoWhereTheWindowLeavesTheMap() {
    FloatTensor a = TinyModels.random(3, 1, 4, 6, 5);
    int[][] centres = {{0, 0}, {2, 3}, {5, 4}, {5, 0}, {0, 4}};
    FloatTensor batch = FloatTensor.zeros(centres.length, 4, 5, 5);
    for (int j = 0; j < centres.length; j++) {
      Windows.cropInto(batch, j, a, centres[j][0], centres[j][1]);
    }
    int per = 4 * 5 * 5;
    for (int j = 0; j < centres.length; j++) {
      float[] one = Windows.crop(a, 0, centres[j][0], centres[j][1], 2).data();
      float[] batched = java.util.Arrays.copyOfRange(batch.data(), j * per, (j + 1) * per);
      assertThat(batched).as("window at %d, %d", centres[j][0], centres[j][1]).containsExactly(one);
    }
  }
}

package io.gradstream.explain.backward;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.TinyModels;
import org.junit.jupiter.api.Test;

class WindowsTest {
  /**
   * Each batch item holds A's values around its centre, element by element, and zeros where the
   * window leaves the map: at corners, edges and inside.
   */
  @Test
  void cropIntoABatchCopiesEachWindowAndZerosOutsideTheMap() {
    int c = 4;
    int h = 6;
    int w = 5;
    int r = 2;
    int k = 2 * r + 1;
    FloatTensor a = TinyModels.random(3, 1, c, h, w);
    int[][] centres = {{0, 0}, {2, 3}, {5, 4}, {5, 0}, {0, 4}};
    FloatTensor batch = FloatTensor.zeros(centres.length, c, k, k);
    for (int j = 0; j < centres.length; j++) {
      Windows.cropInto(batch, j, a, centres[j][0], centres[j][1]);
    }
    for (int j = 0; j < centres.length; j++) {
      for (int ch = 0; ch < c; ch++) {
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            int y = centres[j][0] - r + dy;
            int x = centres[j][1] - r + dx;
            float expected =
                y >= 0 && y < h && x >= 0 && x < w ? a.data()[(ch * h + y) * w + x] : 0f;
            assertThat(batch.data()[((j * c + ch) * k + dy) * k + dx])
                .as("window %d channel %d at (%d, %d)", j, ch, dy, dx)
                .isEqualTo(expected);
          }
        }
      }
    }
  }
}

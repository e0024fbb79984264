package io.gradstream.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HiResCamTest {
  private final HiResCam hiResCam = new HiResCam();

  @Test
  void multipliesGradientAndActivationCellByCellAndSumsOverChannels() {
    // 2 channels of 2x2; a 1x1 window at row 1, column 0: gradient 2 on channel 0, 1 on channel 1.
    FloatTensor a = new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {1, 2, 3, 4, 4, 0, 5, 2});
    WindowGradient g =
        new WindowGradient(1, 0, new FloatTensor(new long[] {1, 2, 1, 1}, new float[] {2, 1}));
    // cell (1, 0): 2*3 + 1*5 = 11; every other cell has no gradient.
    assertThat(hiResCam.raw(a, g)).containsExactly(0f, 0f, 11f, 0f);
    assertThat(hiResCam.name()).isEqualTo("hirescam");
  }

  @Test
  void clipsNegativeEvidence() {
    FloatTensor a = new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {1, 2, 3, 4, 4, 0, 5, 2});
    WindowGradient g =
        new WindowGradient(1, 0, new FloatTensor(new long[] {1, 2, 1, 1}, new float[] {2, -2}));
    // 2*3 - 2*5 = -4 -> 0
    assertThat(hiResCam.raw(a, g)).containsOnly(0f);
  }

  @Test
  void aWindowReachingPastTheBorderReadsOnlyItsCellsInsideTheMap() {
    // 3x3 window centred on corner (0, 0) of a 1x2x2 map: window cells (1,1) and (2,2) are map
    // cells (0,0) and (1,1).
    float[] window = new float[9];
    window[4] = 1;
    window[8] = 0.5f;
    FloatTensor a = new FloatTensor(new long[] {1, 1, 2, 2}, new float[] {1, 1, 1, 3});
    WindowGradient g = new WindowGradient(0, 0, new FloatTensor(new long[] {1, 1, 3, 3}, window));
    assertThat(hiResCam.raw(a, g)).containsExactly(1f, 0f, 0f, 1.5f);
  }

  @Test
  void equalsTheElementWiseProductOverTheWholeMap() {
    Random random = new Random(7);
    int c = 5;
    int h = 6;
    int w = 7;
    FloatTensor a = WindowedTensors.activation(random, c, h, w);
    for (int[] centre : new int[][] {{0, 6}, {3, 3}, {5, 0}, {2, 6}}) {
      WindowGradient g = WindowedTensors.gradient(random, c, h, w, centre[0], centre[1], 2);
      float[] cam = hiResCam.raw(a, g);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double sum = 0;
          for (int ch = 0; ch < c; ch++) {
            sum += g.at(ch, y, x) * a.get(0, ch, y, x);
          }
          assertThat(cam[y * w + x])
              .as("cell (%d, %d) for centre (%d, %d)", y, x, centre[0], centre[1])
              .isCloseTo((float) Math.max(0, sum), within(1e-5f));
        }
      }
    }
  }
}

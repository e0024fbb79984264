package io.gradstream.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradCamPlusPlusTest {
  private final GradCamPlusPlus gradCamPlusPlus = new GradCamPlusPlus();

  @Test
  void weighsChannelsByTheClosedFormAndIgnoresNegativeGradients() {
    // Channel 0 sums to 10 over the map, gradient 0.5 at (0, 0): a = 0.25 / (0.5 + 10 * 0.125) =
    // 1/7, alpha = 1/7 * 0.5.
    // Channel 1 has gradient -2 there: ReLU(g) = 0, alpha = 0.
    FloatTensor a = new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {1, 2, 3, 4, 4, 0, 0, 2});
    WindowGradient g =
        new WindowGradient(0, 0, new FloatTensor(new long[] {1, 2, 1, 1}, new float[] {0.5f, -2}));
    assertThat(gradCamPlusPlus.raw(a, g))
        .containsExactly(new float[] {1 / 14f, 2 / 14f, 3 / 14f, 4 / 14f}, within(1e-6f));
    assertThat(gradCamPlusPlus.name()).isEqualTo("gradcam++");
  }

  @Test
  void clipsNegativeEvidenceInTheWeightedSum() {
    // Channel 1 sums to 2, gradient 1: a = 1 / (2 + 2) = 1/4, alpha = 1/4.
    FloatTensor a =
        new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {1, 2, 3, 4, -8, 0, 0, 10});
    WindowGradient g =
        new WindowGradient(0, 0, new FloatTensor(new long[] {1, 2, 1, 1}, new float[] {0.5f, 1}));
    // 1/14 * [1, 2, 3, 4] + 1/4 * [-8, 0, 0, 10] = [1/14 - 2, 1/7, 3/14, 2/7 + 2.5]
    assertThat(gradCamPlusPlus.raw(a, g))
        .containsExactly(new float[] {0, 1 / 7f, 3 / 14f, 2 / 7f + 2.5f}, within(1e-6f));
  }

  @Test
  void aWindowReachingPastTheBorderReadsOnlyItsCellsInsideTheMap() {
    // 3x3 window on corner (0, 0) of a 1x2x2 map summing to 6: gradient 1 at (0, 0), 0.5 at (1, 1).
    // g = 1: 1 / (2 + 6) = 1/8; g = 0.5: 0.25 / (0.5 + 6 * 0.125) = 0.2, times 0.5 = 0.1. alpha =
    // 0.225.
    float[] window = new float[9];
    window[4] = 1;
    window[8] = 0.5f;
    FloatTensor a = new FloatTensor(new long[] {1, 1, 2, 2}, new float[] {1, 1, 1, 3});
    WindowGradient g = new WindowGradient(0, 0, new FloatTensor(new long[] {1, 1, 3, 3}, window));
    assertThat(gradCamPlusPlus.raw(a, g))
        .containsExactly(new float[] {0.225f, 0.225f, 0.225f, 0.675f}, within(1e-6f));
  }

  @Test
  void equalsTheFormulaOverTheWholeMap() {
    Random random = new Random(11);
    int c = 4;
    int h = 5;
    int w = 6;
    FloatTensor a = WindowedTensors.activation(random, c, h, w);
    for (int i = 0; i < a.data().length; i++) {
      a.data()[i] =
          Math.abs(
              a.data()[
                  i]); // post-activation features are mostly positive, keeping the denominators
      // away from 0
    }
    WindowGradient g = WindowedTensors.gradient(random, c, h, w, 4, 0, 1);
    double[] cam = new double[h * w];
    for (int ch = 0; ch < c; ch++) {
      double sumA = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          sumA += a.get(0, ch, y, x);
        }
      }
      double alpha = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double gij = g.at(ch, y, x);
          double aij = gij == 0 ? 0 : gij * gij / (2 * gij * gij + sumA * gij * gij * gij + 1e-6);
          alpha += aij * Math.max(gij, 0);
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          cam[y * w + x] += alpha * a.get(0, ch, y, x);
        }
      }
    }
    float[] expected = new float[h * w];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) Math.max(0, cam[i]);
    }
    assertThat(gradCamPlusPlus.raw(a, g)).containsExactly(expected, within(1e-5f));
  }
}

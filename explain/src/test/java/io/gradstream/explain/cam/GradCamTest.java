package io.gradstream.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.explain.graph.FloatTensor;
import org.junit.jupiter.api.Test;

class GradCamTest {
  private final GradCam gradCam = new GradCam();

  @Test
  void weightsChannelsByTheirMeanGradientAndClipsNegativeEvidence() {
    // 2 channels of 2x2. A 1x1 window at (0, 0): channel 0 gradient 4 (mean 1), channel 1 -2 (mean
    // -0.5).
    FloatTensor a = new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {1, 2, 3, 4, 4, 0, 0, 2});
    WindowGradient g =
        new WindowGradient(0, 0, new FloatTensor(new long[] {1, 2, 1, 1}, new float[] {4, -2}));
    // cam = 1*[1,2,3,4] - 0.5*[4,0,0,2] = [-1, 2, 3, 3] -> ReLU -> [0, 2, 3, 3]
    assertThat(gradCam.raw(a, g)).containsExactly(0f, 2f, 3f, 3f);
    CamMap map = gradCam.map(a, g);
    assertThat(map.scale()).isEqualTo(3f);
    assertThat(new int[] {map.at(0, 0), map.at(1, 0), map.at(0, 1), map.at(1, 1)})
        .containsExactly(0, 170, 255, 255);
  }

  @Test
  void aWindowReachingPastTheBorderCountsOnlyItsZeroPaddedCells() {
    // 3x3 window centred on the corner (0, 0) of a 1x2x2 map: only the 4 in-map cells carry
    // gradient.
    float[] window = new float[9];
    window[4] = 2; // (0, 0)
    window[5] = 2; // (0, 1)
    FloatTensor a = new FloatTensor(new long[] {1, 1, 2, 2}, new float[] {1, 1, 1, 3});
    WindowGradient g = new WindowGradient(0, 0, new FloatTensor(new long[] {1, 1, 3, 3}, window));
    assertThat(g.at(0, 0, 1)).isEqualTo(2f);
    assertThat(g.at(0, 1, 1)).isZero();
    assertThat(gradCam.raw(a, g)).containsExactly(1f, 1f, 1f, 3f);
  }

  @Test
  void allZeroMapStaysZeroAndShapesMustMatch() {
    FloatTensor a = FloatTensor.zeros(1, 3, 2, 2);
    CamMap map = gradCam.map(a, new WindowGradient(1, 1, FloatTensor.zeros(1, 3, 1, 1)));
    assertThat(map.pixels()).containsOnly((byte) 0);
    assertThat(map.scale()).isZero();
    assertThatThrownBy(
            () -> gradCam.map(a, new WindowGradient(1, 1, FloatTensor.zeros(1, 2, 1, 1))))
        .hasMessageContaining("[1, C, H, W]");
    assertThatThrownBy(() -> new WindowGradient(0, 0, FloatTensor.zeros(1, 2, 2, 2)))
        .hasMessageContaining("odd k");
  }

  @Test
  void everySecondRowAndColumnIsTheFullMapSampledThere() {
    java.util.Random random = new java.util.Random(3);
    float[] data = new float[3 * 5 * 7];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() - 0.3f;
    }
    FloatTensor a = new FloatTensor(new long[] {1, 3, 5, 7}, data);
    float[][] alphas = {{0.5f, -0.2f, 1f}, {0f, 1f, 0.25f}};
    java.util.List<float[]> full = GradCam.weightedSums(a, alphas);
    java.util.List<float[]> half = GradCam.weightedSums(GradCam.sampled(a, 2), alphas);
    for (int k = 0; k < 2; k++) {
      assertThat(half.get(k)).hasSize(3 * 4);
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          assertThat(half.get(k)[y * 4 + x]).isEqualTo(full.get(k)[2 * y * 7 + 2 * x]);
        }
      }
    }
  }
}

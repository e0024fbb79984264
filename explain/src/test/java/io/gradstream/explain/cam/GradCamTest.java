package io.gradstream.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.explain.graph.FloatTensor;
import org.junit.jupiter.api.Test;

class GradCamTest {

  @Test
  void weightsChannelsByTheirMeanGradientAndClipsNegativeEvidence() {
    // 2 channels of 2x2. Channel 0: gradient mean 1; channel 1: gradient mean -0.5.
    FloatTensor a = new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {1, 2, 3, 4, 4, 0, 0, 2});
    FloatTensor g = new FloatTensor(new long[] {1, 2, 2, 2}, new float[] {4, 0, 0, 0, -2, 0, 0, 0});
    // cam = 1*[1,2,3,4] - 0.5*[4,0,0,2] = [-1, 2, 3, 3] -> ReLU -> [0, 2, 3, 3]
    assertThat(GradCam.raw(a, g, 0)).containsExactly(0f, 2f, 3f, 3f);
    CamMap map = GradCam.map(a, g, 0);
    assertThat(map.scale()).isEqualTo(3f);
    assertThat(new int[] {map.at(0, 0), map.at(1, 0), map.at(0, 1), map.at(1, 1)}).containsExactly(0, 170, 255, 255);
  }

  @Test
  void picksTheBatchItem() {
    FloatTensor a = new FloatTensor(new long[] {2, 1, 1, 2}, new float[] {1, 1, 1, 3});
    FloatTensor g = new FloatTensor(new long[] {2, 1, 1, 2}, new float[] {0, 0, 1, 1});
    assertThat(GradCam.raw(a, g, 0)).containsExactly(0f, 0f);
    assertThat(GradCam.raw(a, g, 1)).containsExactly(1f, 3f);
  }

  @Test
  void allZeroMapStaysZeroAndShapesMustMatch() {
    FloatTensor a = FloatTensor.zeros(1, 3, 2, 2);
    CamMap map = GradCam.map(a, FloatTensor.zeros(1, 3, 2, 2), 0);
    assertThat(map.pixels()).containsOnly((byte) 0);
    assertThat(map.scale()).isZero();
    assertThatThrownBy(() -> GradCam.map(a, FloatTensor.zeros(1, 3, 2, 1), 0)).hasMessageContaining("[N, C, H, W]");
  }
}

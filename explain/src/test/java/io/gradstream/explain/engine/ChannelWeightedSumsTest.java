package io.gradstream.explain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.cam.GradCam;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OrtModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The class maps from ONNX Runtime's matrix product equal Grad-CAM's weighted sums in Java. */
class ChannelWeightedSumsTest {
  @Test
  void equalsTheJavaWeightedSumsWithTheReluApplied() throws Exception {
    Random random = new Random(5);
    float[] data = new float[64 * 6 * 9];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() - 0.4f;
    }
    FloatTensor a = new FloatTensor(new long[] {1, 64, 6, 9}, data);
    float[][] weights = new float[3][64];
    for (float[] w : weights) {
      for (int c = 0; c < w.length; c++) {
        w[c] = (float) random.nextGaussian();
      }
    }
    List<float[]> expected = GradCam.weightedSums(a, weights);
    List<float[]> actual;
    try (var options = OrtModel.quietOptions(1);
        ChannelWeightedSums sums = new ChannelWeightedSums(options)) {
      actual = sums.of(a, weights);
    }
    assertThat(actual).hasSize(3);
    int zeros = 0;
    for (int k = 0; k < 3; k++) {
      assertThat(actual.get(k)).hasSize(54);
      for (int i = 0; i < 54; i++) {
        assertThat(actual.get(k)[i]).isCloseTo(expected.get(k)[i], within(1e-4f));
        zeros += actual.get(k)[i] == 0 ? 1 : 0;
      }
    }
    assertThat(zeros).as("the ReLU cut some cells").isPositive();
  }
}

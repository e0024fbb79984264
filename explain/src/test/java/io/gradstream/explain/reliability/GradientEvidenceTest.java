package io.gradstream.explain.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.backward.Windows;
import io.gradstream.explain.cam.WindowGradient;
import io.gradstream.explain.graph.FloatTensor;
import org.junit.jupiter.api.Test;

class GradientEvidenceTest {
  @Test
  void splitsTheElementwiseContributionsBySignAndSkipsWindowCellsOutsideTheActivation() {
    // A: 1 channel, 2x2, values 1..4. The 3x3 window is centred on cell (0, 0): its top row and
    // left
    // column fall outside A.
    FloatTensor a = new FloatTensor(new long[] {1, 1, 2, 2}, new float[] {1, 2, 3, 4});
    float[] g = new float[9];
    g[4] = 0.5f; // (0,0): +0.5·1
    g[5] = -1f; // (0,1): −1·2
    g[7] = 2f; // (1,0): +2·3
    g[0] = 100f; // outside A: counts in the norm only
    FloatTensor window = FloatTensor.zeros(1, 1, 3, 3);
    Windows.cropInto(window, 0, a, 0, 0);
    GradientEvidence e =
        GradientEvidence.of(
            window.data(),
            0,
            new WindowGradient(0, 0, new FloatTensor(new long[] {1, 1, 3, 3}, g)));

    assertThat(e.positive()).isCloseTo(0.5 + 6, within(1e-9));
    assertThat(e.negative()).isCloseTo(2, within(1e-9));
    assertThat(e.norm()).isCloseTo(Math.sqrt(0.25 + 1 + 4 + 10_000), within(1e-9));
  }
}

package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RiseMasksTest {

  @Test
  void masksAverageToTheKeepProbabilityAndStayInZeroToOne() {
    for (float p : new float[] {0.5f, 0.25f}) {
      RiseMasks masks = new RiseMasks(64, 48, 8, p, 7);
      double sum = 0;
      int count = 400;
      for (int i = 0; i < count; i++) {
        float[] m = masks.next();
        for (float v : m) {
          assertThat(v).isBetween(0f, 1f);
          sum += v;
        }
      }
      assertThat(sum / (count * 64.0 * 48)).as("mean at p=%s", p).isCloseTo(p, within(0.02));
    }
  }

  @Test
  void theSameSeedGivesTheSameSequenceAndAnotherSeedDoesNot() {
    RiseMasks a = new RiseMasks(40, 40, 4, 0.5f, 42);
    RiseMasks b = new RiseMasks(40, 40, 4, 0.5f, 42);
    RiseMasks c = new RiseMasks(40, 40, 4, 0.5f, 43);
    boolean differs = false;
    for (int i = 0; i < 5; i++) {
      float[] ma = a.next();
      assertThat(b.next()).containsExactly(ma);
      differs |= !java.util.Arrays.equals(ma, c.next());
    }
    assertThat(differs).isTrue();
  }

  @Test
  void masksAreSmoothWithNoStepsBetweenCells() {
    // Bilinear upsampling: neighbours differ by at most one cell's step (1 / cell size = 1/10).
    RiseMasks masks = new RiseMasks(40, 40, 4, 0.5f, 1);
    float[] first = masks.next();
    for (int y = 0; y < 40; y++) {
      for (int x = 1; x < 40; x++) {
        assertThat(Math.abs(first[y * 40 + x] - first[y * 40 + x - 1]))
            .isLessThanOrEqualTo(0.1f + 1e-6f);
      }
    }
  }
}

package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SaliencyMapTest {

  @Test
  void resizingAlignsCellCentresAndClampsAtTheEdges() {
    SaliencyMap twoByOne = new SaliencyMap(2, 1, new float[] {0, 1});
    SaliencyMap wide = twoByOne.resized(4, 2);
    // Source x of output cell i: (i + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25
    // (clamped to 1).
    assertThat(wide.values())
        .usingComparatorWithPrecision(1e-6f)
        .containsExactly(0, 0.25f, 0.75f, 1, 0, 0.25f, 0.75f, 1);
    assertThat(twoByOne.resized(2, 1)).isSameAs(twoByOne);
  }

  @Test
  void aConstantMapStaysConstantAtAnySize() {
    SaliencyMap flat = new SaliencyMap(3, 5, new float[15]).resized(7, 2);
    assertThat(flat.values()).containsOnly(0f);
    float[] ones = new float[20];
    java.util.Arrays.fill(ones, 0.3f);
    for (float v : new SaliencyMap(4, 5, ones).resized(640, 640).values()) {
      assertThat(v).isCloseTo(0.3f, within(1e-6f));
    }
  }

  @Test
  void theSizeMustMatchTheValues() {
    assertThatThrownBy(() -> new SaliencyMap(2, 2, new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionSimilarityTest {

  @Test
  void cosineIsOneForParallelZeroForOrthogonalAndIgnoresScale() {
    assertThat(DetectionSimilarity.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}))
        .isCloseTo(1f, within(1e-6f));
    assertThat(DetectionSimilarity.cosine(new float[] {1, 0}, new float[] {0, 5})).isZero();
    assertThat(DetectionSimilarity.cosine(new float[] {1, 1}, new float[] {1, 0}))
        .isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
    assertThat(DetectionSimilarity.cosine(new float[] {0, 0}, new float[] {1, 0})).isZero();
    assertThatThrownBy(() -> DetectionSimilarity.cosine(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void similarityMultipliesIouCosineAndTheProposalsObjectness() {
    Target t = Target.oneHot(new Box(0, 0, 2, 2), 0, 2);
    // IoU 1/3, cosine 0.6 (0.6, 0.8 is a unit vector), objectness 0.5.
    Proposal p = new Proposal(new Box(1, 0, 3, 2), 0.5f, new float[] {0.6f, 0.8f});
    assertThat(DetectionSimilarity.of(t, p)).isCloseTo(1f / 3 * 0.6f * 0.5f, within(1e-6f));
  }

  @Test
  void bestTakesTheMaximumOverProposalsAndZeroForNone() {
    Target t = Target.oneHot(new Box(0, 0, 2, 2), 1, 2);
    Proposal wrongClass = new Proposal(new Box(0, 0, 2, 2), 1f, new float[] {1, 0});
    Proposal shifted = new Proposal(new Box(1, 0, 3, 2), 0.9f, new float[] {0, 1});
    Proposal exact = new Proposal(new Box(0, 0, 2, 2), 0.4f, new float[] {0, 1});
    assertThat(DetectionSimilarity.best(t, List.of(wrongClass, shifted, exact)))
        .isCloseTo(0.4f, within(1e-6f));
    assertThat(DetectionSimilarity.best(t, List.of())).isZero();
  }

  @Test
  void aTargetOfADetectionIsItsBoxAndAOneHotClass() {
    Proposal p = new Proposal(new Box(1, 2, 3, 4), 0.7f, new float[] {0.1f, 0.2f, 0.9f});
    Target t = Target.of(p, p.bestClass());
    assertThat(t.classId()).isEqualTo(2);
    assertThat(t.box()).isEqualTo(p.box());
    assertThat(t.classProbs()).containsExactly(0f, 0f, 1f);
    assertThat(p.score(2)).isCloseTo(0.63f, within(1e-6f));
    assertThatThrownBy(() -> new Target(p.box(), 3, new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

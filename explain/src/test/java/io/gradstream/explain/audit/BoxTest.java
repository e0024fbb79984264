package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxTest {

  @Test
  void iouIsOneForTheSameBoxZeroForDisjointAndAThirdForHalfShifted() {
    Box a = new Box(0, 0, 2, 2);
    assertThat(a.iou(a)).isEqualTo(1f);
    assertThat(a.iou(new Box(2, 0, 4, 2))).isZero();
    assertThat(a.iou(new Box(5, 5, 6, 6))).isZero();
    // Overlap 1x2 = 2, union 4 + 4 - 2 = 6.
    assertThat(a.iou(new Box(1, 0, 3, 2))).isCloseTo(1f / 3, within(1e-6f));
    assertThat(new Box(1, 0, 3, 2).iou(a)).isCloseTo(1f / 3, within(1e-6f));
    // Nested: 1 / 4.
    assertThat(a.iou(new Box(0, 0, 1, 1))).isCloseTo(0.25f, within(1e-6f));
  }

  @Test
  void centredBoxesComeFromYoloCentreAndSize() {
    Box b = Box.centred(10, 20, 4, 6);
    assertThat(b).isEqualTo(new Box(8, 17, 12, 23));
    assertThat(b.centreX()).isEqualTo(10f);
    assertThat(b.area()).isEqualTo(24f);
    assertThat(b.contains(8, 23)).isTrue();
    assertThat(b.contains(7.9f, 20)).isFalse();
  }

  @Test
  void degenerateIouIsZeroAndReversedCornersAreRejected() {
    assertThat(new Box(1, 1, 1, 1).iou(new Box(0, 0, 2, 2))).isZero();
    assertThatThrownBy(() -> new Box(2, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Box(Float.NaN, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

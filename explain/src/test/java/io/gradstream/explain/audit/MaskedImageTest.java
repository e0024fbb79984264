package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaskedImageTest {

  @Test
  void keptPixelsStayHiddenOnesTakeTheFillAndHalfMasksBlendInEveryChannel() {
    float[] image = {1, 0, 0.5f, 0.2f, 0.4f, 0.6f}; // 2 channels of 3 pixels
    float[] mask = {1, 0, 0.5f};
    float[] out = new float[8];
    MaskedImage.blend(image, mask, 0.5f, out, 2);
    assertThat(out)
        .usingComparatorWithPrecision(1e-6f)
        .containsExactly(0, 0, 1, 0.5f, 0.5f, 0.2f, 0.5f, 0.55f);
    assertThat(MaskedImage.LETTERBOX_GRAY).isEqualTo(114f / 255f);
    assertThatThrownBy(() -> MaskedImage.blend(new float[4], mask, 0, new float[4], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

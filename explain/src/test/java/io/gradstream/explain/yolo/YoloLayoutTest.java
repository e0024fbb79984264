package io.gradstream.explain.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YoloLayoutTest {

  @Test
  void picksYoloV5WhenTheLastDimensionIsFivePlusTheClasses() {
    assertThat(YoloLayout.fromOutputShape(new long[] {1, 25200, 85}, 80)).isEqualTo(YoloLayout.V5);
    assertThat(YoloLayout.fromOutputShape(new long[] {4, 6300, 85}, 80)).isEqualTo(YoloLayout.V5);
  }

  @Test
  void picksYoloV8WhenTheMiddleDimensionIsFourPlusTheClasses() {
    assertThat(YoloLayout.fromOutputShape(new long[] {1, 84, 8400}, 80)).isEqualTo(YoloLayout.V8);
    assertThat(YoloLayout.fromOutputShape(new long[] {1, 5, 8400}, 1)).isEqualTo(YoloLayout.V8);
  }

  @Test
  void withoutLabelsTheSmallerInnerDimensionIsTakenAsTheValuesPerBox() {
    assertThat(YoloLayout.fromOutputShape(new long[] {1, 25200, 85}, 0)).isEqualTo(YoloLayout.V5);
    assertThat(YoloLayout.V5.classCount(new long[] {1, 25200, 85})).isEqualTo(80);
    assertThat(YoloLayout.fromOutputShape(new long[] {1, 84, 8400}, 0)).isEqualTo(YoloLayout.V8);
    assertThat(YoloLayout.V8.classCount(new long[] {1, 84, 8400})).isEqualTo(80);
  }

  @Test
  void aShapeThatFitsNeitherLayoutSaysSoAndSuspectsTheLabels() {
    assertThatThrownBy(() -> YoloLayout.fromOutputShape(new long[] {1, 25200, 85}, 79))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 25200, 85]")
        .hasMessageContaining("C=79")
        .hasMessageContaining("labels");
    assertThatThrownBy(() -> YoloLayout.fromOutputShape(new long[] {1, 85}, 80))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boxUnitsAutoTreatsCoordinatesUpToOneAndAHalfAsNormalised() {
    assertThat(BoxUnits.AUTO.resolve(1.02f)).isEqualTo(BoxUnits.NORMALISED);
    assertThat(BoxUnits.AUTO.resolve(1.5f)).isEqualTo(BoxUnits.NORMALISED);
    assertThat(BoxUnits.AUTO.resolve(612f)).isEqualTo(BoxUnits.PIXELS);
    assertThat(BoxUnits.PIXELS.resolve(0.5f)).isEqualTo(BoxUnits.PIXELS);
    assertThat(BoxUnits.NORMALISED.toPixels(640)).isEqualTo(640f);
  }
}

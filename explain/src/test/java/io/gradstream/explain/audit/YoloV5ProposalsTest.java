package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.explain.graph.FloatTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoloV5ProposalsTest {

  @Test
  void decodesCentreSizeRowsPerImageAndDropsRowsUnderTheObjectnessFloor() {
    // 2 images x 3 rows x (5 + 2 classes).
    float[] d = {
      100, 50, 20, 10, 0.9f, 0.8f, 0.1f,
      10, 10, 4, 4, 0.005f, 0.5f, 0.5f,
      320, 320, 640, 640, 0.01f, 0.2f, 0.7f,
      0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0,
      60, 70, 10, 20, 0.5f, 0.0f, 1.0f,
    };
    List<List<Proposal>> images =
        YoloV5Proposals.decode(new FloatTensor(new long[] {2, 3, 7}, d), 0.01f, 1, 1);
    assertThat(images).hasSize(2);
    List<Proposal> first = images.get(0);
    assertThat(first).hasSize(2);
    assertThat(first.get(0).box()).isEqualTo(new Box(90, 45, 110, 55));
    assertThat(first.get(0).objectness()).isEqualTo(0.9f);
    assertThat(first.get(0).classProbs()).containsExactly(0.8f, 0.1f);
    assertThat(first.get(1).box()).isEqualTo(new Box(0, 0, 640, 640));
    assertThat(images.get(1))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.box()).isEqualTo(new Box(55, 60, 65, 80));
              assertThat(p.bestClass()).isEqualTo(1);
            });
    assertThat(YoloV5Proposals.decode(new FloatTensor(new long[] {2, 3, 7}, d), 0f, 1, 1).get(1))
        .hasSize(3);
  }

  @Test
  void normalisedBoxesAreScaledToInputPixels() {
    float[] d = {0.5f, 0.25f, 0.5f, 0.1f, 0.9f, 1f};
    Proposal p =
        YoloV5Proposals.decode(new FloatTensor(new long[] {1, 1, 6}, d), 0.01f, 640, 320)
            .get(0)
            .get(0);
    assertThat(p.box()).isEqualTo(new Box(160, 64, 480, 96));
  }

  @Test
  void rejectsOutputsThatAreNotRowsOfBoxesAndClasses() {
    assertThatThrownBy(() -> YoloV5Proposals.decode(FloatTensor.zeros(1, 4), 0.01f, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YoloV5Proposals.decode(FloatTensor.zeros(1, 4, 5), 0.01f, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.gradstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.inference.translate.Batchifier.Run;
import org.junit.jupiter.api.Test;

class BatchifierTest {

  @Test
  void aSymbolicBatchDimensionTakesTheWholeMicroBatchInOneRun() {
    Batchifier b = Batchifier.forBatchDimension(-1);
    assertThat(b.dynamic()).isTrue();
    assertThat(b.split(5)).containsExactly(new Run(0, 5, 5));
  }

  @Test
  void aFixedBatchOfOneLoopsOverTheImages() {
    assertThat(Batchifier.forBatchDimension(1).split(3))
        .containsExactly(new Run(0, 1, 1), new Run(1, 2, 1), new Run(2, 3, 1));
  }

  @Test
  void aFixedBatchLargerThanOnePadsTheLastRun() {
    assertThat(Batchifier.forBatchDimension(4).split(6))
        .containsExactly(new Run(0, 4, 4), new Run(4, 6, 4));
    assertThat(new Run(4, 6, 4).size()).isEqualTo(2);
  }

  @Test
  void noImagesNoRuns() {
    assertThat(Batchifier.forBatchDimension(-1).split(0)).isEmpty();
    assertThat(Batchifier.forBatchDimension(1).split(0)).isEmpty();
  }
}

package io.gradstream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchRunnerSettingsTest {

  @Test
  void roundsSplitTheCallsEvenlyAndAddUpToThemForEveryBatch() {
    for (int rounds : new int[] {1, 2, 3, 5, 7, 60}) {
      BenchRunner.Settings settings = new BenchRunner.Settings(List.of(1, 3, 4), 50, 0, rounds, 0);
      for (int batch : settings.batches()) {
        List<Integer> split =
            IntStream.range(0, rounds).map(r -> settings.callsInRound(batch, r)).boxed().toList();
        assertThat(split.stream().mapToInt(Integer::intValue).sum())
            .as("batch %d, %d rounds", batch, rounds)
            .isEqualTo(settings.calls(batch));
        assertThat(
                split.stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - split.stream().mapToInt(Integer::intValue).min().orElseThrow())
            .isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void callsCoverAtLeastTheRequestedFrames() {
    BenchRunner.Settings settings = new BenchRunner.Settings(List.of(1, 4), 9, 2, 1, 0);
    assertThat(settings.calls(1)).isEqualTo(9);
    assertThat(settings.calls(4)).isEqualTo(3);
    assertThat(settings.warmupCalls(4)).isEqualTo(1);
  }

  @Test
  void rejectsNonPositiveBatchesAndFrames() {
    assertThatThrownBy(() -> new BenchRunner.Settings(List.of(1, 0), 10, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BenchRunner.Settings(List.of(1), 0, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

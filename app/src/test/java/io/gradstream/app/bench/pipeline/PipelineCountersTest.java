package io.gradstream.app.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineCountersTest {

  @Test
  void theDifferenceOfTwoSnapshotsIsWhatHappenedInBetween() {
    PipelineCounters start =
        new PipelineCounters(10, 9, 7, Map.of("inference/stale", 1L, "viewer/skipped", 2L));
    PipelineCounters end =
        new PipelineCounters(
            110,
            108,
            100,
            Map.of("inference/stale", 4L, "inference/backpressure", 2L, "viewer/skipped", 2L));
    PipelineCounters window = end.minus(start);
    assertThat(window.offered()).isEqualTo(100);
    assertThat(window.consumed()).isEqualTo(99);
    assertThat(window.explained()).isEqualTo(93);
    assertThat(window.drops())
        .containsEntry("inference/stale", 3L)
        .containsEntry("inference/backpressure", 2L)
        .containsEntry("viewer/skipped", 0L);
  }

  @Test
  void onlyTheWorkersDropsCountAgainstConsumedFrames() {
    PipelineCounters c =
        new PipelineCounters(
            0,
            0,
            0,
            Map.of(
                "inference/stale",
                4L,
                "inference/revoked",
                1L,
                "publisher/late",
                9L,
                "source/behind-schedule",
                3L));
    assertThat(c.inferenceDropped()).isEqualTo(5);
  }
}

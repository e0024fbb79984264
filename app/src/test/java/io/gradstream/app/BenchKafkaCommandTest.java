package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.bench.LatencySummary;
import org.junit.jupiter.api.Test;

class BenchKafkaCommandTest {
  @Test
  void theHopIsJudgedOnlyAtTenCamerasOfTenFpsOrMore() {
    LatencySummary fast = new LatencySummary(3000, 1.2, 4.9, 7.0, 1.5);
    assertThat(BenchKafkaCommand.verdict(10, 10, fast)).startsWith("met: p99 4.90 ms");
    assertThat(BenchKafkaCommand.verdict(12, 15, fast)).startsWith("met:");
    assertThat(BenchKafkaCommand.verdict(9, 10, fast)).startsWith("not applicable:");
    assertThat(BenchKafkaCommand.verdict(10, 5, fast)).startsWith("not applicable:");
  }

  @Test
  void aP99AboveFiveMillisecondsOrNoRecordAtAllIsNotMet() {
    assertThat(BenchKafkaCommand.verdict(10, 10, new LatencySummary(3000, 1.2, 5.01, 9.0, 1.5)))
        .startsWith("not met: p99 5.01");
    assertThat(BenchKafkaCommand.verdict(10, 10, new LatencySummary(0, 0, 0, 0, 0)))
        .startsWith("not met: no record");
  }
}

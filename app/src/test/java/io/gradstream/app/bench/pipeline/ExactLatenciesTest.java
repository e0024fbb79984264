package io.gradstream.app.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.bench.LatencySummary;
import org.junit.jupiter.api.Test;

class ExactLatenciesTest {

  @Test
  void percentilesAreNearestRankOrderStatisticsOfTheRecordedValuesInMilliseconds() {
    ExactLatencies latencies = new ExactLatencies();
    for (int ms = 100; ms >= 1; ms--) { // recorded out of order
      latencies.record(ms * 1_000L);
    }
    LatencySummary s = latencies.summary();
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p99()).isEqualTo(99.0);
    assertThat(s.max()).isEqualTo(100.0);
    assertThat(s.mean()).isEqualTo(50.5);
  }

  @Test
  void withFewValuesP99IsTheLargestAndNoValueIsInterpolated() {
    ExactLatencies latencies = new ExactLatencies();
    latencies.record(1_000);
    latencies.record(3_000);
    latencies.record(10_000);
    LatencySummary s = latencies.summary();
    assertThat(s.p50()).as("the 2nd of 3, not a mean of neighbours").isEqualTo(3.0);
    assertThat(s.p99()).isEqualTo(10.0);
  }

  @Test
  void keepsEveryValueBeyondItsInitialCapacity() {
    ExactLatencies latencies = new ExactLatencies();
    for (int i = 1; i <= 5_000; i++) {
      latencies.record(i);
    }
    assertThat(latencies.count()).isEqualTo(5_000);
    assertThat(latencies.summary().p99()).isEqualTo(4.95);
  }

  @Test
  void nothingRecordedIsAllZeroAndANegativeLatencyCountsAsZero() {
    ExactLatencies latencies = new ExactLatencies();
    assertThat(latencies.summary()).isEqualTo(new LatencySummary(0, 0, 0, 0, 0));
    latencies.record(-250);
    assertThat(latencies.summary().max()).isZero();
  }
}

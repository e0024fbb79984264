package io.gradstream.app.bench.pipeline;

import io.gradstream.app.bench.LatencySummary;
import java.util.Arrays;

/**
 * Every latency of a run kept as recorded (microseconds), so percentiles are exact order
 * statistics, not interpolated from histogram buckets. A run keeps a few thousand per stage, so
 * memory is small. Thread-safe.
 */
public final class ExactLatencies {
  private long[] values = new long[1024];
  private int count;

  /** Records one latency in microseconds; a negative one (clocks apart) counts as 0. */
  public synchronized void record(long micros) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = Math.max(0, micros);
  }

  /** How many were recorded. */
  public synchronized int count() {
    return count;
  }

  /**
   * p50, p99, max and mean in milliseconds; all zero when none was recorded. A percentile is the
   * nearest-rank one: the smallest recorded value with at least p % of the values at or below it.
   */
  public synchronized LatencySummary summary() {
    if (count == 0) {
      return new LatencySummary(0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new LatencySummary(
        count,
        ms(nearestRank(sorted, 50)),
        ms(nearestRank(sorted, 99)),
        ms(sorted[count - 1]),
        sum / count / 1_000.0);
  }

  static long nearestRank(long[] sorted, double percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static double ms(long micros) {
    return micros / 1_000.0;
  }
}

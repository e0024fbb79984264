package io.gradstream.app.bench;

/**
 * Percentiles of a set of latencies, in milliseconds.
 *
 * @param count how many latencies (with few, p99 is close to or equal to the maximum)
 * @param p50 median
 * @param p99 99th percentile
 * @param max slowest
 * @param mean arithmetic mean
 */
public record LatencySummary(long count, double p50, double p99, double max, double mean) {

  /**
   * Rounds to microseconds: the histogram keeps 3 significant digits, more would be noise in a
   * report.
   */
  public LatencySummary {
    p50 = micros(p50);
    p99 = micros(p99);
    max = micros(max);
    mean = micros(mean);
  }

  /**
   * Every value divided by {@code n}: per-frame figures from per-call ones of a batch of {@code n}.
   */
  public LatencySummary dividedBy(int n) {
    return new LatencySummary(count, p50 / n, p99 / n, max / n, mean / n);
  }

  private static double micros(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}

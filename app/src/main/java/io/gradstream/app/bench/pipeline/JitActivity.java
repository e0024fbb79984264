package io.gradstream.app.bench.pipeline;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How busy this JVM's JIT compiler has been lately, from its total compilation time. A benchmark
 * window should open only once the compiler is quiet: on two cores a C2 compilation holds a whole
 * core for milliseconds at a time, and the threads being timed queue behind it. Measured on {@code
 * bench kafka}: after 10 000 frames flat out and 5 s paced, C2 still ran for 3.3 s of the 30 s
 * window, and the hop's p99 was twice what it was once the compiler had settled.
 */
public final class JitActivity {
  private final Duration span;
  private final LongSupplier compileMillis;
  private final LongSupplier nanoClock;

  /** {nanoTime, total compile ms} pairs, oldest first. */
  private final Deque<long[]> samples = new ArrayDeque<>();

  /**
   * Judges the compiler over the last {@code span}, reading {@code compileMillis} (total
   * compilation time so far, ms) at the times {@code nanoClock} gives.
   */
  JitActivity(Duration span, LongSupplier compileMillis, LongSupplier nanoClock) {
    this.span = span;
    this.compileMillis = compileMillis;
    this.nanoClock = nanoClock;
  }

  /**
   * This JVM's compiler, judged over the last {@code span}; null when the JVM does not report
   * compilation time (no JIT, or not measurable).
   */
  public static JitActivity ofThisJvm(Duration span) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return null;
    }
    return new JitActivity(span, jit::getTotalCompilationTime, System::nanoTime);
  }

  /** {@code share} (as {@link #busyShare()} gives it) in per cent, one decimal: "0.6 %". */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  /** Total compilation time so far, in ms (summed over the compiler's threads). */
  public long compileMillis() {
    return compileMillis.getAsLong();
  }

  /**
   * Takes a sample now; samples older than the span before it are forgotten, except the one
   * spanning it.
   */
  public void sample() {
    long now = nanoClock.getAsLong();
    samples.addLast(new long[] {now, compileMillis.getAsLong()});
    while (samples.size() > 2 && now - secondOldest()[0] >= span.toNanos()) {
      samples.removeFirst();
    }
  }

  /**
   * Compilation time per unit of wall time over the last span of samples (0.01: the compiler ran 1
   * % of the time; above 1 when several compiler threads ran at once), or NaN while the samples
   * cover less than the span.
   */
  public double busyShare() {
    if (samples.size() < 2) {
      return Double.NaN;
    }
    long[] last = samples.getLast();
    long[] from = null;
    for (long[] s : samples) {
      if (last[0] - s[0] >= span.toNanos()) {
        from = s; // the latest sample at least span back
      }
    }
    if (from == null) {
      return Double.NaN;
    }
    double wallMillis = (last[0] - from[0]) / 1e6;
    return (last[1] - from[1]) / wallMillis;
  }

  private long[] secondOldest() {
    var it = samples.iterator();
    it.next();
    return it.next();
  }
}

package io.gradstream.app.bench.pipeline;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * How busy this JVM's JIT compiler has been lately, from its total compilation time. A benchmark window
 * should open only once the compiler is quiet: on two cores a C2 compilation holds a whole core for
 * milliseconds at a time, and the threads being timed queue behind it. Measured on {@code bench kafka}: after
 * 10 000 frames flat out and 5 s paced, C2 still ran for 3.3 s of the 30 s window, and the hop's p99 was twice
 * what it was once the compiler had settled.
 */
public final class JitActivity {
  private final LongSupplier compileMillis;
  private final LongSupplier nanoClock;
  /** {nanoTime, total compile ms} pairs, oldest first. */
  private final Deque<long[]> samples = new ArrayDeque<>();

  /** Reads {@code compileMillis} (total compilation time so far, ms) at the times {@code nanoClock} gives. */
  JitActivity(LongSupplier compileMillis, LongSupplier nanoClock) {
    this.compileMillis = compileMillis;
    this.nanoClock = nanoClock;
  }

  /** This JVM's compiler, or null when the JVM does not report compilation time (no JIT, or not measurable). */
  public static JitActivity ofThisJvm() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return null;
    }
    return new JitActivity(jit::getTotalCompilationTime, System::nanoTime);
  }

  /** Total compilation time so far, in ms (summed over the compiler's threads). */
  public long compileMillis() {
    return compileMillis.getAsLong();
  }

  /** Takes a sample now; samples older than {@code keep} before it are forgotten, except the one spanning it. */
  public void sample(Duration keep) {
    long now = nanoClock.getAsLong();
    samples.addLast(new long[] {now, compileMillis.getAsLong()});
    while (samples.size() > 2 && now - secondOldest()[0] >= keep.toNanos()) {
      samples.removeFirst();
    }
  }

  /**
   * Compilation time per unit of wall time over the last {@code span} of samples (0.01: the compiler ran 1 %
   * of the time; above 1 when several compiler threads ran at once), or NaN while the samples cover less
   * than {@code span}.
   */
  public double busyShare(Duration span) {
    if (samples.size() < 2) {
      return Double.NaN;
    }
    long[] last = samples.getLast();
    long[] from = null;
    for (long[] s : samples) {
      if (last[0] - s[0] >= span.toNanos()) {
        from = s;                          // the latest sample at least span back
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

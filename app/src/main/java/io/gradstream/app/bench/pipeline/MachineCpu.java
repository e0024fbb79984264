package io.gradstream.app.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole machine's CPU time from {@code /proc/stat} (every process, not only this one), so a run
 * can tell whether something else was using the cores it measured on.
 *
 * @param busyTicks ticks all CPUs spent on anything but idle and iowait since boot
 * @param totalTicks all ticks all CPUs counted since boot
 */
public record MachineCpu(long busyTicks, long totalTicks) {
  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** Now, or null where {@code /proc/stat} cannot be read (not Linux). */
  public static MachineCpu now() {
    try {
      List<String> lines = Files.readAllLines(PROC_STAT);
      return lines.isEmpty() ? null : parse(lines.getFirst());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Parses the aggregate {@code cpu user nice system idle iowait irq softirq steal ...} line. */
  static MachineCpu parse(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu") || f.length < 5) {
      throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
    }
    long total = 0;
    // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new MachineCpu(total - idle, total);
  }

  /** Cores busy on average between {@code earlier} and this reading, out of {@code cores}. */
  public double coresBusySince(MachineCpu earlier, int cores) {
    long total = totalTicks - earlier.totalTicks();
    return total <= 0 ? 0 : (double) (busyTicks - earlier.busyTicks()) / total * cores;
  }
}

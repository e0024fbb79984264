package io.gradstream.app.bench.pipeline;

import io.gradstream.app.bench.LatencySummary;
import io.gradstream.app.bench.pipeline.PipelineReport.Method;
import io.gradstream.app.bench.pipeline.PipelineReport.Verdict;
import io.gradstream.app.bench.pipeline.PipelineReport.WorkersRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link PipelineReport} as text for a terminal: a section per workers count, then the verdicts.
 */
public final class PipelineTable {
  private static final String ROW = "  %-16s %7s %9s %9s %9s %9s%n";

  private PipelineTable() {}

  /** The whole report. */
  public static String render(PipelineReport report) {
    Method m = report.method();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d camera(s) x %s fps, %s source, %s (input %d), explain %s, intra-op threads %s, %s s warm-up + %s s timed;"
                + " %d cores, %s%n",
            m.cameras(),
            TargetVerdicts.fmt(m.fps()),
            m.source(),
            Path.of(m.model()).getFileName(),
            m.inputSize(),
            m.explain() ? "on (" + m.explainMethod() + ")" : "off",
            m.intraOpThreads() == 0 ? "default" : m.intraOpThreads(),
            TargetVerdicts.fmt(m.warmupSeconds()),
            TargetVerdicts.fmt(m.durationSeconds()),
            report.machine().availableProcessors(),
            report.machine().cpuModel()));
    for (WorkersRun run : report.runs()) {
      out.append(section(run));
    }
    out.append(String.format(Locale.ROOT, "%nTargets:%n"));
    for (Verdict v : report.verdicts()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-20s %d worker(s): %-14s %s%n",
              v.target(),
              v.workers(),
              v.outcome(),
              v.detail()));
    }
    return out.toString();
  }

  /** One workers count's section. */
  public static String section(WorkersRun run) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n== %d worker(s), %.1f s timed ==%n",
            run.workers(),
            run.windowSeconds()));
    out.append(
        String.format(Locale.ROOT, ROW, "per frame (ms)", "frames", "p50", "p99", "max", "mean"));
    run.stagesMs().forEach((stage, s) -> out.append(row(stage, s)));
    out.append(row("glass-to-glass", run.glassToGlassMs()));
    var t = run.throughput();
    out.append(
        String.format(
            Locale.ROOT,
            "  throughput: offered %d (%s/s), consumed %d (%s/s), explained %d (%s/s)%s%n",
            t.offered(),
            f(t.offeredPerSecond()),
            t.consumed(),
            f(t.consumedPerSecond()),
            t.explained(),
            f(t.explainedPerSecond()),
            run.throughputVsOneWorker() == null || run.workers() == 1
                ? ""
                : String.format(Locale.ROOT, " = %.2f x one worker", run.throughputVsOneWorker())));
    out.append("  drops: ").append(drops(run.drops())).append(System.lineSeparator());
    var a = run.accounting();
    out.append(
        String.format(
            Locale.ROOT,
            "  accounting (whole run, after drain): consumed %d = explained %d + dropped %d + in flight %d (slack %d): %s%n",
            a.consumed(),
            a.explained(),
            a.dropped(),
            a.inFlight(),
            a.slack(),
            a.consistent() ? "consistent" : "INCONSISTENT"));
    out.append(
        String.format(
            Locale.ROOT,
            "  cpu: %s ms per explained frame, %.2f cores busy%s; heap MiB before %.0f,"
                + " after %.0f, peak %.0f (max %.0f)%n",
            f(run.cpuMsPerFrame()),
            run.cpuCoresBusy(),
            run.otherCoresBusy() < 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (other processes: %.2f cores%s)",
                    run.otherCoresBusy(),
                    run.otherCoresBusy() > TargetVerdicts.QUIET_OTHER_CORES ? ", NOT QUIET" : ""),
            run.heapMb().before(),
            run.heapMb().after(),
            run.heapMb().peak(),
            run.heapMb().max()));
    if (run.explainedByWorker().size() > 1) {
      out.append("  explained by worker: ")
          .append(
              run.explainedByWorker().values().stream()
                  .map(String::valueOf)
                  .collect(Collectors.joining(", ")))
          .append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String row(String name, LatencySummary s) {
    return String.format(
        Locale.ROOT, ROW, name, s.count(), f(s.p50()), f(s.p99()), f(s.max()), f(s.mean()));
  }

  private static String drops(Map<String, Long> drops) {
    String nonZero =
        drops.entrySet().stream()
            .filter(e -> e.getValue() != 0)
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    return nonZero.isEmpty() ? "none" : nonZero;
  }

  static String f(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}

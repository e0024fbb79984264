package io.gradstream.app.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A {@link BenchReport} as a fixed-width table for a terminal, one row per model and batch size.
 */
public final class BenchTable {
  private static final String ROW = "%-20s %5s %5s %6s %9s %9s %9s %9s %9s %9s %9s %9s%n";

  private BenchTable() {}

  /** The header, a row per configuration, and a legend. */
  public static String render(BenchReport report) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            ROW,
            "model",
            "input",
            "batch",
            "calls",
            "frames/s",
            "call p50",
            "call p99",
            "call max",
            "ms/frame",
            "letterbox",
            "inference",
            "decode"));
    for (BenchReport.Configuration c : report.results()) {
      table.append(
          String.format(
              Locale.ROOT,
              ROW,
              Path.of(c.file()).getFileName(),
              c.inputSize(),
              c.batch(),
              c.calls(),
              f(c.framesPerSecond()),
              f(c.callMs().p50()),
              f(c.callMs().p99()),
              f(c.callMs().max()),
              f(c.frameMs().p50()),
              f(c.stagesPerCallMs().letterbox()),
              f(c.stagesPerCallMs().inference()),
              f(c.stagesPerCallMs().decodeNms())));
    }
    BenchReport.Method m = report.method();
    table.append(
        String.format(
            Locale.ROOT,
            "Latencies in ms per detect() call; ms/frame = call p50 / batch. letterbox and decode(+NMS) are timed on their"
                + " own and scaled by the batch;%ninference = call p50 minus both. %d frames timed per row in %d rounds after"
                + " %d warm-up frames, cycling %d %s frames; %d cores, intra-op threads %s, ONNX Runtime %s.%n",
            m.framesPerConfiguration(),
            m.rounds(),
            m.warmupFrames(),
            m.distinctFrames(),
            m.frameSize(),
            report.machine().availableProcessors(),
            m.intraOpThreads() == 0 ? "default" : m.intraOpThreads(),
            report.machine().onnxRuntime()));
    return table.toString();
  }

  private static String f(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}

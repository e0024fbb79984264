package io.gradstream.app.bench.pipeline;

import io.gradstream.app.bench.LatencySummary;
import io.gradstream.app.bench.pipeline.PipelineReport.Method;
import io.gradstream.app.bench.pipeline.PipelineReport.Outcome;
import io.gradstream.app.bench.pipeline.PipelineReport.Verdict;
import io.gradstream.app.bench.pipeline.PipelineReport.WorkersRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a run against issue #7's targets, each on every workers count, from numbers of that same
 * run:
 *
 * <ul>
 *   <li>{@code kafka-hop}: the Kafka hop adds at most 5 ms p99 at 10 cameras x 10 fps;
 *   <li>{@code real-time-explained}: one 10 fps camera, every detection explained, at a model input
 *       of 640 or less, keeps up (explained at least 95 % of offered) with glass-to-glass p99 at
 *       most twice the model's own p99 (the inference stage's, same run);
 *   <li>{@code worker-scaling}: M workers reach 0.85 x M the explained frames/s of one (1.7 x for
 *       two), when the CPU and the load allow; when they do not, the verdict says why: fewer
 *       workers got frames than ran, one worker already kept up, other processes used the cores,
 *       the M-worker run kept the cores busy (the CPU was the limit), or the workers' intra-op
 *       threads oversubscribe them.
 * </ul>
 */
public final class TargetVerdicts {
  static final double KAFKA_HOP_P99_MS = 5;
  static final double REAL_TIME_SHARE = 0.95;
  static final double GLASS_TO_MODEL_P99 = 2;
  static final double SCALING_PER_WORKER = 0.85;

  /** Share of the cores a run must keep busy for the CPU to count as its limit. */
  static final double CPU_SATURATED = 0.9;

  /** Cores other processes may use on average before the machine no longer counts as quiet. */
  static final double QUIET_OTHER_CORES = 0.25;

  private TargetVerdicts() {}

  /** Every target on every run; {@code cores} is the machine's. */
  public static List<Verdict> judge(Method method, List<WorkersRun> runs, int cores) {
    List<Verdict> out = new ArrayList<>();
    for (WorkersRun run : runs) {
      out.add(kafkaHop(method, run));
    }
    for (WorkersRun run : runs) {
      out.add(realTime(method, run, cores));
    }
    Optional<WorkersRun> one = runs.stream().filter(r -> r.workers() == 1).findFirst();
    for (WorkersRun run : runs) {
      if (run.workers() > 1) {
        out.add(scaling(method, one, run, cores));
      }
    }
    if (runs.stream().noneMatch(r -> r.workers() > 1)) {
      out.add(
          new Verdict(
              "worker-scaling",
              runs.getFirst().workers(),
              Outcome.NOT_APPLICABLE,
              "only one workers count ran; sweep --workers 1,2 to measure scaling"));
    }
    return out;
  }

  static Verdict kafkaHop(Method method, WorkersRun run) {
    LatencySummary hop = run.stagesMs().get("kafka");
    String measured =
        hop == null || hop.count() == 0
            ? "no Kafka hop samples"
            : String.format(
                Locale.ROOT,
                "Kafka hop p99 %.2f ms (p50 %.2f, %d frames)",
                hop.p99(),
                hop.p50(),
                hop.count());
    if (method.cameras() < 10 || method.fps() < 10) {
      return new Verdict(
          "kafka-hop",
          run.workers(),
          Outcome.NOT_APPLICABLE,
          String.format(
              Locale.ROOT,
              "%s at %d camera(s) x %s fps; the target is set at 10 cameras x 10 fps (--cameras 10 --fps 10)",
              measured,
              method.cameras(),
              fmt(method.fps())));
    }
    if (hop == null || hop.count() == 0) {
      return new Verdict("kafka-hop", run.workers(), Outcome.NOT_APPLICABLE, measured);
    }
    return new Verdict(
        "kafka-hop",
        run.workers(),
        hop.p99() <= KAFKA_HOP_P99_MS ? Outcome.MET : Outcome.NOT_MET,
        String.format(
            Locale.ROOT,
            "%s; target <= %s ms%s",
            measured,
            fmt(KAFKA_HOP_P99_MS),
            contention(run)));
  }

  static Verdict realTime(Method method, WorkersRun run, int cores) {
    String target = "real-time-explained";
    if (!method.explain()) {
      return new Verdict(
          target, run.workers(), Outcome.NOT_APPLICABLE, "explaining is off (--explain on)");
    }
    if (method.cameras() != 1) {
      return new Verdict(
          target,
          run.workers(),
          Outcome.NOT_APPLICABLE,
          String.format(
              Locale.ROOT,
              "%d cameras; the target is one vtest.avi camera (--cameras 1)",
              method.cameras()));
    }
    if (method.inputSize() > 640) {
      return new Verdict(
          target,
          run.workers(),
          Outcome.NOT_APPLICABLE,
          "model input " + method.inputSize() + " > 640");
    }
    LatencySummary model = run.stagesMs().get("inference");
    LatencySummary glass = run.glassToGlassMs();
    if (model == null || model.count() == 0 || glass.count() == 0) {
      return new Verdict(
          target,
          run.workers(),
          Outcome.NOT_MET,
          String.format(
              Locale.ROOT,
              "nothing to judge: %d inference samples, %d glass-to-glass samples",
              model == null ? 0 : model.count(),
              glass.count()));
    }
    double share =
        run.throughput().offered() == 0
            ? 0
            : (double) run.throughput().explained() / run.throughput().offered();
    double ratio = glass.p99() / Math.max(model.p99(), 1e-9);
    boolean keepsUp = share >= REAL_TIME_SHARE;
    boolean tight = ratio <= GLASS_TO_MODEL_P99;
    String detail =
        String.format(
                Locale.ROOT,
                "explained %.1f%% of offered (%s/s of %s/s; need >= %.0f%%); glass-to-glass p99 %.1f ms = %.2f x model p99 "
                    + "%.1f ms (need <= %s x); %s fps, input %d, %d cores%s",
                100 * share,
                fmt(run.throughput().explainedPerSecond()),
                fmt(run.throughput().offeredPerSecond()),
                100 * REAL_TIME_SHARE,
                glass.p99(),
                ratio,
                model.p99(),
                fmt(GLASS_TO_MODEL_P99),
                fmt(method.fps()),
                method.inputSize(),
                cores,
                cores == 2 ? "" : " (the target is set on 2 cores)")
            + contention(run);
    return new Verdict(
        target, run.workers(), keepsUp && tight ? Outcome.MET : Outcome.NOT_MET, detail);
  }

  static Verdict scaling(Method method, Optional<WorkersRun> oneWorker, WorkersRun run, int cores) {
    String target = "worker-scaling";
    int m = run.workers();
    double needed = SCALING_PER_WORKER * m;
    if (oneWorker.isEmpty()) {
      return new Verdict(
          target,
          m,
          Outcome.NOT_APPLICABLE,
          "no one-worker run to compare with (--workers 1," + m + ")");
    }
    WorkersRun one = oneWorker.get();
    double base = one.throughput().explainedPerSecond();
    double ratio = base <= 0 ? 0 : run.throughput().explainedPerSecond() / base;
    String measured =
        String.format(
            Locale.ROOT,
            "%d workers %s explained frames/s vs 1 worker %s = %.2f x (need >= %.2f x)",
            m,
            fmt(run.throughput().explainedPerSecond()),
            fmt(base),
            ratio,
            needed);
    if (ratio >= needed) {
      return new Verdict(target, m, Outcome.MET, measured);
    }
    long busyWorkers = run.explainedByWorker().values().stream().filter(n -> n > 0).count();
    if (busyWorkers < m) {
      return new Verdict(
          target,
          m,
          Outcome.NOT_APPLICABLE,
          String.format(
              Locale.ROOT,
              "%s; only %d of %d workers got frames: %d camera(s), and one camera's frames are on one partition, which one "
                  + "worker holds (run more cameras than workers)",
              measured,
              busyWorkers,
              m,
              method.cameras()));
    }
    if (one.throughput().offered() > 0
        && one.throughput().explained() >= REAL_TIME_SHARE * one.throughput().offered()) {
      return new Verdict(
          target,
          m,
          Outcome.NOT_APPLICABLE,
          String.format(
              Locale.ROOT,
              "%s; one worker already explained the whole offered load (%s/s of %s/s): offer more (--cameras, --fps)",
              measured,
              fmt(one.throughput().explainedPerSecond()),
              fmt(one.throughput().offeredPerSecond())));
    }
    double others = Math.max(one.otherCoresBusy(), run.otherCoresBusy());
    if (others > QUIET_OTHER_CORES) {
      return new Verdict(
          target,
          m,
          Outcome.NOT_APPLICABLE,
          String.format(
              Locale.ROOT,
              "%s; other processes kept %.2f of the %d cores busy during the runs, so the workers did not have the CPU: "
                  + "rerun on a quiet machine",
              measured,
              others,
              cores));
    }
    if (run.cpuCoresBusy() >= CPU_SATURATED * cores) {
      return new Verdict(
          target,
          m,
          Outcome.NOT_APPLICABLE,
          String.format(
              Locale.ROOT,
              "%s; %d cores: the %d-worker run kept %.2f of them busy (the whole pipeline in this JVM: broker, source, "
                  + "publisher, viewers and the workers; one worker's run used %.2f), so the CPU, not the workers, capped "
                  + "the throughput; more cores are needed to see the workers scale",
              measured,
              cores,
              m,
              run.cpuCoresBusy(),
              one.cpuCoresBusy()));
    }
    int threadsPerWorker = method.intraOpThreads() == 0 ? cores : method.intraOpThreads();
    if ((long) m * threadsPerWorker > cores) {
      return new Verdict(
          target,
          m,
          Outcome.NOT_APPLICABLE,
          String.format(
              Locale.ROOT,
              "%s; %d cores: one worker's ONNX Runtime already uses %s intra-op thread(s), so %d workers cannot add "
                  + "throughput; give each worker its share with --intra-op-threads %d",
              measured,
              cores,
              method.intraOpThreads() == 0
                  ? "its default of one per core, " + cores + ","
                  : threadsPerWorker,
              m,
              Math.max(1, cores / m)));
    }
    return new Verdict(target, m, Outcome.NOT_MET, measured);
  }

  /** A note when other processes used the machine during the run, else nothing. */
  static String contention(WorkersRun run) {
    return run.otherCoresBusy() > QUIET_OTHER_CORES
        ? String.format(
            Locale.ROOT,
            " (machine not quiet: other processes kept %.2f cores busy)",
            run.otherCoresBusy())
        : "";
  }

  static String fmt(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}

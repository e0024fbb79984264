package io.gradstream.app.bench.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gradstream.app.bench.BenchReport;
import io.gradstream.app.bench.LatencySummary;
import io.gradstream.app.bench.ReportJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code gradstream bench pipeline} run measured, per workers count, with the
 * machine, the method and the verdict on each target, so the JSON on its own says what its numbers
 * mean. Latencies are in milliseconds.
 *
 * @param generatedAt ISO-8601 instant the run finished
 * @param machine where it ran
 * @param method what ran and how it was measured
 * @param runs one per workers count, in the order they ran
 * @param verdicts each target judged on each run it applies to
 */
public record PipelineReport(
    String generatedAt,
    BenchReport.Machine machine,
    Method method,
    List<WorkersRun> runs,
    List<Verdict> verdicts) {

  public PipelineReport {
    runs = List.copyOf(runs);
    verdicts = List.copyOf(verdicts);
  }

  /**
   * What ran.
   *
   * @param source synthetic (JPEGs produced straight into Kafka) or rtsp (RTSP servers and the
   *     ingest role)
   * @param cameras cameras
   * @param fps frames per second per camera
   * @param warmupSeconds run before the timed window
   * @param durationSeconds the timed window
   * @param model the ONNX file
   * @param inputSize its square input side
   * @param explain whether the workers explain every detection
   * @param explainMethod the method when they do
   * @param intraOpThreads ONNX Runtime intra-op threads per worker, 0 for its default (one per
   *     physical core)
   * @param video the footage
   * @param meanJpegBytes mean frame size on the frames topic (synthetic source), 0 when not known
   * @param framesPartitions partitions of the frames topic (the most workers that can share the
   *     load)
   * @param workersIn where the workers run
   * @param definitions what each reported number includes
   */
  public record Method(
      String source,
      int cameras,
      double fps,
      double warmupSeconds,
      double durationSeconds,
      String model,
      int inputSize,
      boolean explain,
      String explainMethod,
      int intraOpThreads,
      String video,
      long meanJpegBytes,
      int framesPartitions,
      String workersIn,
      Map<String, String> definitions) {}

  /**
   * One workers count.
   *
   * @param workers inference workers in the consumer group
   * @param windowSeconds the timed window's length
   * @param throughput frames in the window
   * @param stagesMs each worker stage, per frame captured in the window (from the ExplainedFrames)
   * @param glassToGlassMs capture to the viewer having the frame with its detections
   * @param drops frames lost in the window, by {@code where/reason}
   * @param accounting after the drain: consumed against explained + dropped
   * @param cpuMsPerFrame process CPU time over the window / frames explained in it
   * @param cpuCoresBusy process CPU time over the window / the window
   * @param otherCoresBusy cores the rest of the machine (other processes) kept busy on average in
   *     the window, from /proc/stat; -1 where unknown. Above a quarter core the machine was not
   *     quiet and the run's figures are not final
   * @param heapMb heap in use
   * @param explainedByWorker explained frames of the window by worker id
   * @param throughputVsOneWorker explained frames/s against the one-worker run of the same sweep;
   *     null without one
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record WorkersRun(
      int workers,
      double windowSeconds,
      Throughput throughput,
      Map<String, LatencySummary> stagesMs,
      LatencySummary glassToGlassMs,
      Map<String, Long> drops,
      Accounting accounting,
      double cpuMsPerFrame,
      double cpuCoresBusy,
      double otherCoresBusy,
      Heap heapMb,
      Map<String, Long> explainedByWorker,
      Double throughputVsOneWorker) {

    /** This run with its throughput ratio against the one-worker run set. */
    public WorkersRun withRatio(Double ratio) {
      return new WorkersRun(
          workers,
          windowSeconds,
          throughput,
          stagesMs,
          glassToGlassMs,
          drops,
          accounting,
          cpuMsPerFrame,
          cpuCoresBusy,
          otherCoresBusy,
          heapMb,
          explainedByWorker,
          ratio);
    }
  }

  /**
   * Frames in the timed window, counted by the roles' own counters.
   *
   * @param offered frames the source produced to Kafka
   * @param consumed frames the workers polled
   * @param explained explained frames the workers wrote (acknowledged by Kafka)
   * @param offeredPerSecond offered / window
   * @param consumedPerSecond consumed / window
   * @param explainedPerSecond explained / window
   */
  public record Throughput(
      long offered,
      long consumed,
      long explained,
      double offeredPerSecond,
      double consumedPerSecond,
      double explainedPerSecond) {

    static Throughput of(long offered, long consumed, long explained, double seconds) {
      double s = Math.max(seconds, 1e-9);
      return new Throughput(
          offered,
          consumed,
          explained,
          round(offered / s),
          round(consumed / s),
          round(explained / s));
    }
  }

  /**
   * Whether every consumed frame is accounted for, from the workers' counters after the source
   * stopped and the pipeline drained: consumed = explained + dropped + in flight.
   *
   * @param consumed frames polled by the workers, whole run
   * @param explained explained frames written, whole run
   * @param dropped frames the workers dropped, any reason, whole run
   * @param inFlight consumed - explained - dropped: still inside a worker when the counters were
   *     read
   * @param slack how many may be in flight (each worker's queue and batch)
   * @param consistent whether 0 &lt;= inFlight &lt;= slack
   */
  public record Accounting(
      long consumed, long explained, long dropped, long inFlight, long slack, boolean consistent) {

    static Accounting of(long consumed, long explained, long dropped, long slack) {
      long inFlight = consumed - explained - dropped;
      return new Accounting(
          consumed, explained, dropped, inFlight, slack, inFlight >= 0 && inFlight <= slack);
    }
  }

  /**
   * Heap in use, in MiB: at the window's start and end, and the peak sampled in between.
   *
   * @param before heap used when the window opened
   * @param after heap used when it closed
   * @param peak most heap used in between (sampled every 100 ms)
   * @param max the heap's limit
   */
  public record Heap(double before, double after, double peak, double max) {}

  /** A target's verdict. */
  public enum Outcome {
    MET("met"),
    NOT_MET("not met"),
    NOT_APPLICABLE("not applicable");

    private final String text;

    Outcome(String text) {
      this.text = text;
    }

    @JsonValue
    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * One target judged on one workers count.
   *
   * @param target which target (kafka-hop, real-time-explained, worker-scaling)
   * @param workers the workers count judged
   * @param outcome met, not met, or not applicable
   * @param detail the numbers, or why it does not apply
   */
  public record Verdict(String target, int workers, Outcome outcome, String detail) {}

  /**
   * The report of {@code measured}: each run with its throughput ratio against the one-worker run
   * (when there is one) and every target judged.
   */
  public static PipelineReport assemble(
      Method method, List<WorkersRun> measured, BenchReport.Machine machine) {
    Double base =
        measured.stream()
            .filter(r -> r.workers() == 1)
            .findFirst()
            .map(r -> r.throughput().explainedPerSecond())
            .orElse(null);
    List<WorkersRun> runs =
        measured.stream()
            .map(
                r ->
                    r.withRatio(
                        base == null || base <= 0
                            ? null
                            : round(r.throughput().explainedPerSecond() / base)))
            .toList();
    return new PipelineReport(
        java.time.Instant.now().toString(),
        machine,
        method,
        runs,
        TargetVerdicts.judge(method, runs, machine.availableProcessors()));
  }

  /** Writes the report as pretty-printed JSON. */
  public void writeJson(Path file) throws IOException {
    ReportJson.write(this, file);
  }

  /** The report as pretty-printed JSON. */
  public String toJson() throws IOException {
    return ReportJson.of(this);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}

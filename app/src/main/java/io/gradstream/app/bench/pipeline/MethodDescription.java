package io.gradstream.app.bench.pipeline;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link PipelineReport.Method} of a run: its settings and what each reported number includes.
 */
public final class MethodDescription {
  private MethodDescription() {}

  /** The method of a run with {@code settings}. */
  public static PipelineReport.Method of(
      PipelineBenchSettings settings, int framesPartitions, long meanJpegBytes) {
    return new PipelineReport.Method(
        settings.source().name().toLowerCase(Locale.ROOT),
        settings.cameras(),
        settings.fps(),
        settings.warmup().toSeconds(),
        settings.duration().toSeconds(),
        settings.model().toString(),
        settings.inputSize(),
        settings.explain(),
        "gradcam",
        settings.intraOpThreads(),
        settings.video().toString(),
        meanJpegBytes,
        framesPartitions,
        "this JVM: each worker a GradstreamRuntime of the inference role with its own ONNX Runtime session and Kafka "
            + "clients; they share the heap and the garbage collector",
        definitions());
  }

  static Map<String, String> definitions() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(
        "window",
        "frames captured between the end of the warm-up and the end of the timed seconds; their latencies "
            + "are recorded whenever they arrive (the run drains after the window)");
    d.put(
        "kafka",
        "frames record CreateTime (producer clock, whole ms, rounded down) to the worker's poll returning it");
    d.put("queue", "poll to the JPEG decode starting (the worker's bounded queue)");
    d.put("decode", "FrameEnvelope parse and JPEG decode");
    d.put(
        "inference",
        "the detector call of the frame's whole micro-batch, explaining excluded (the model's own latency)");
    d.put("explain", "Grad-CAM of the frame's detections (inside the detector call)");
    d.put("track", "the tracker update");
    d.put("total", "poll to the ExplainedFrame handed to the producer (kafka not included)");
    d.put(
        "glassToGlass",
        "capture time (wall clock) to a WebSocket viewer of the publisher having received the frame "
            + "with its detections: both Kafka hops, the worker, the publisher's join, the message encode and loopback; "
            + "not the browser drawing it; the publisher's latest-wins sender may skip frames for a busy viewer");
    d.put(
        "throughput",
        "roles' own counters over the window: offered = produced by the source, consumed = polled by "
            + "the workers, explained = written by the workers and acknowledged");
    d.put(
        "cpuMsPerFrame",
        "this JVM's CPU time over the window (all threads: broker, source, workers with ONNX Runtime, "
            + "publisher, viewers, the bench) / explained frames; RTSP servers and their ffmpeg are other processes");
    d.put(
        "heapMb",
        "heap used at the window's start and end, and the peak of 100 ms samples in between");
    return d;
  }
}

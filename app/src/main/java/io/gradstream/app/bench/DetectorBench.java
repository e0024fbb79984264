package io.gradstream.app.bench;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@link Detector#detect} for one batch size: first untimed warm-up calls (JIT, ONNX Runtime's
 * arena and thread pool, the input buffer pool), then timed calls, one after another on the calling
 * thread. Each call gets {@code batch} consecutive frames of the pool, cycling, so a batch of four
 * is four different frames whenever the pool has at least four. Only the {@code detect} call is
 * inside the clock; choosing the frames is not.
 */
public final class DetectorBench {
  private DetectorBench() {}

  /**
   * What to run.
   *
   * @param batch        frames per {@code detect} call
   * @param frames       frames to time; calls are {@code ceil(frames / batch)}
   * @param warmupFrames frames to run untimed first; calls are {@code ceil(warmupFrames / batch)}
   */
  public record Plan(int batch, int frames, int warmupFrames) {
    public Plan {
      if (batch <= 0 || frames <= 0 || warmupFrames < 0) {
        throw new IllegalArgumentException("batch and frames must be positive and warm-up not negative, got batch "
            + batch + ", frames " + frames + ", warm-up " + warmupFrames);
      }
    }

    /** Timed calls. */
    public int calls() {
      return ceilDiv(frames, batch);
    }

    /** Untimed warm-up calls. */
    public int warmupCalls() {
      return ceilDiv(warmupFrames, batch);
    }

    private static int ceilDiv(int a, int b) {
      return (a + b - 1) / b;
    }
  }

  /** The two parts of a run. */
  public enum Phase { WARMUP, TIMED }

  /** Told after every call, on the benchmarking thread; keep it cheap. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param phase        warm-up or timed
     * @param calls        calls done in this phase
     * @param totalCalls   calls this phase will make
     * @param elapsedNanos since the phase started
     */
    void update(Phase phase, int calls, int totalCalls, long elapsedNanos);
  }

  /**
   * What one run measured.
   *
   * @param batch      frames per call
   * @param calls      timed calls
   * @param frames     frames over the timed calls ({@code calls * batch})
   * @param wallNanos  from the start of the first timed call to the end of the last
   * @param callMs     per-call latency
   * @param detections detections over the timed calls
   */
  public record Measurement(int batch, int calls, int frames, long wallNanos, LatencySummary callMs, long detections) {

    /** Frames per second over the timed calls. */
    public double framesPerSecond() {
      return frames / (wallNanos / 1e9);
    }
  }

  /** Runs {@code plan} on {@code detector} with frames from {@code pool}. */
  public static Measurement run(Detector detector, List<BgrImage> pool, Plan plan, Progress progress) {
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("no frames to run the detector on");
    }
    int cursor = 0;
    long start = System.nanoTime();
    for (int call = 0; call < plan.warmupCalls(); call++) {
      detector.detect(batch(pool, cursor, plan.batch()));
      cursor += plan.batch();
      progress.update(Phase.WARMUP, call + 1, plan.warmupCalls(), System.nanoTime() - start);
    }

    LatencyRecorder latencies = new LatencyRecorder();
    long detections = 0;
    start = System.nanoTime();
    for (int call = 0; call < plan.calls(); call++) {
      List<BgrImage> images = batch(pool, cursor, plan.batch());
      cursor += plan.batch();
      long t0 = System.nanoTime();
      List<List<Detection>> found = detector.detect(images);
      long t1 = System.nanoTime();
      latencies.record(t1 - t0);
      for (List<Detection> perImage : found) {
        detections += perImage.size();
      }
      progress.update(Phase.TIMED, call + 1, plan.calls(), t1 - start);
    }
    long wall = System.nanoTime() - start;
    return new Measurement(plan.batch(), plan.calls(), plan.calls() * plan.batch(), wall, latencies.summary(),
        detections);
  }

  private static List<BgrImage> batch(List<BgrImage> pool, int from, int size) {
    List<BgrImage> images = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      images.add(pool.get((from + i) % pool.size()));
    }
    return images;
  }
}

package io.gradstream.app.bench;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@link Detector#detect} at one batch size: untimed warm-up calls first (JIT, ONNX Runtime's
 * arena and thread pool, the input buffer pool), then timed calls, one after another on the calling
 * thread, possibly in several slices ({@link #time}) that a {@link Tally} adds up, so that slices
 * of different configurations can take turns ({@link BenchRunner}). Each call gets {@code batch}
 * consecutive frames of the pool, cycling, so a batch of four is four different frames whenever the
 * pool has at least four. Only the {@code detect} call is inside the clock; choosing the frames is
 * not.
 */
public final class DetectorBench {
  private DetectorBench() {}

  /** The two parts of a run. */
  public enum Phase {
    WARMUP,
    TIMED
  }

  /** Told after every call, on the benchmarking thread; keep it cheap. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param phase warm-up or timed
     * @param calls calls done in this slice
     * @param totalCalls calls this slice will make
     * @param elapsedNanos since the slice started
     */
    void update(Phase phase, int calls, int totalCalls, long elapsedNanos);
  }

  /**
   * What the timed calls of one configuration measured.
   *
   * @param batch frames per call
   * @param calls timed calls
   * @param frames frames over the timed calls ({@code calls * batch})
   * @param wallNanos the timed slices' wall time, added up
   * @param callMs per-call latency
   * @param detections detections over the timed calls
   */
  public record Measurement(
      int batch, int calls, int frames, long wallNanos, LatencySummary callMs, long detections) {

    /** Frames per second over the timed calls. */
    public double framesPerSecond() {
      return frames / (wallNanos / 1e9);
    }
  }

  /** The timed calls of one configuration so far, over any number of slices. Not thread-safe. */
  public static final class Tally {
    private final int batch;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private long wallNanos;
    private int calls;
    private long detections;
    private int cursor;

    /**
     * @param batch frames per {@code detect} call
     */
    public Tally(int batch) {
      if (batch <= 0) {
        throw new IllegalArgumentException("batch must be positive, got " + batch);
      }
      this.batch = batch;
    }

    public int batch() {
      return batch;
    }

    /** Everything recorded so far. */
    public Measurement measurement() {
      return new Measurement(
          batch, calls, calls * batch, wallNanos, latencies.summary(), detections);
    }

    private List<BgrImage> next(List<BgrImage> pool) {
      List<BgrImage> images = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        images.add(pool.get((cursor + i) % pool.size()));
      }
      cursor = (cursor + batch) % pool.size();
      return images;
    }
  }

  /**
   * Runs {@code calls} untimed calls of {@code tally}'s batch size; frames continue where the tally
   * is.
   */
  public static void warmUp(
      Detector detector, List<BgrImage> pool, Tally tally, int calls, Progress progress) {
    requireFrames(pool);
    long start = System.nanoTime();
    for (int call = 0; call < calls; call++) {
      detector.detect(tally.next(pool));
      progress.update(Phase.WARMUP, call + 1, calls, System.nanoTime() - start);
    }
  }

  /** Times {@code calls} calls one after another and adds them to {@code tally}. */
  public static void time(
      Detector detector, List<BgrImage> pool, Tally tally, int calls, Progress progress) {
    requireFrames(pool);
    long start = System.nanoTime();
    for (int call = 0; call < calls; call++) {
      List<BgrImage> images = tally.next(pool);
      long t0 = System.nanoTime();
      List<List<Detection>> found = detector.detect(images);
      long t1 = System.nanoTime();
      tally.latencies.record(t1 - t0);
      tally.calls++;
      for (List<Detection> perImage : found) {
        tally.detections += perImage.size();
      }
      progress.update(Phase.TIMED, call + 1, calls, t1 - start);
    }
    tally.wallNanos += System.nanoTime() - start;
  }

  private static void requireFrames(List<BgrImage> pool) {
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("no frames to run the detector on");
    }
  }
}

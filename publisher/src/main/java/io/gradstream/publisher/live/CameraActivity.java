package io.gradstream.publisher.live;

/**
 * What the publisher has seen of one camera: frames, how many came with detections, the frame rate
 * over the last few seconds, and how long ago the newest came. Thread-safe.
 */
public final class CameraActivity {
  private static final int WINDOW = 32;

  private final long[] times = new long[WINDOW];
  private long frames;
  private long withDetections;

  /**
   * @param frames frames published
   * @param withDetections of those, frames whose detections came
   * @param fps frames per second over the last (up to) 32 frames
   * @param lastFrameAgeMs milliseconds since the newest frame
   */
  public record Snapshot(long frames, long withDetections, double fps, long lastFrameAgeMs) {}

  synchronized void record(long nanos, boolean detected) {
    times[(int) (frames % WINDOW)] = nanos;
    frames++;
    if (detected) {
      withDetections++;
    }
  }

  synchronized Snapshot snapshot(long now) {
    if (frames == 0) {
      return new Snapshot(0, 0, 0, -1);
    }
    long newest = times[(int) ((frames - 1) % WINDOW)];
    int span = (int) Math.min(frames, WINDOW);
    long oldest = times[(int) ((frames - span) % WINDOW)];
    double fps = span > 1 && newest > oldest ? (span - 1) * 1e9 / (newest - oldest) : 0;
    return new Snapshot(frames, withDetections, fps, (now - newest) / 1_000_000);
  }
}

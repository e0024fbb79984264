package io.gradstream.ingest.capture;

/**
 * The recent frame times of one camera, for a frames-per-second figure that falls to 0 when frames
 * stop.
 */
final class FrameTimes {
  private static final long WINDOW_NANOS = 3_000_000_000L;
  private final long[] times = new long[64];
  private int count;
  private int next;

  synchronized void record(long nanos) {
    times[next] = nanos;
    next = (next + 1) % times.length;
    count = Math.min(count + 1, times.length);
  }

  /** Frames per second over the last few seconds before {@code nowNanos}. */
  synchronized double fps(long nowNanos) {
    int inWindow = 0;
    long oldest = nowNanos;
    for (int i = 0; i < count; i++) {
      long t = times[i];
      if (nowNanos - t <= WINDOW_NANOS) {
        inWindow++;
        oldest = Math.min(oldest, t);
      }
    }
    if (inWindow < 2) {
      return 0;
    }
    // Span from the oldest frame in the window to now, so a stalled stream decays towards 0.
    return (inWindow - 1) / ((nowNanos - oldest) / 1e9);
  }

  synchronized void clear() {
    count = 0;
    next = 0;
  }
}

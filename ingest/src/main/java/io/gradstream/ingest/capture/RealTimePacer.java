package io.gradstream.ingest.capture;

import java.util.concurrent.TimeUnit;

/**
 * Makes a file play at its own speed, like a live camera: a frame is released when the wall clock
 * since the first frame has caught up with its presentation time. Live sources need no pacing.
 */
final class RealTimePacer {
  private long firstPtsMicros = -1;
  private long firstNanos;

  /** Sleeps until the frame with this presentation time is due. */
  void awaitDue(long ptsMicros) throws InterruptedException {
    long now = System.nanoTime();
    if (firstPtsMicros < 0 || ptsMicros < firstPtsMicros) {
      // First frame, or the file looped back to its start.
      firstPtsMicros = ptsMicros;
      firstNanos = now;
      return;
    }
    long dueNanos = firstNanos + TimeUnit.MICROSECONDS.toNanos(ptsMicros - firstPtsMicros);
    long waitNanos = dueNanos - now;
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }

  /** Forgets the timeline, for a source that was reopened. */
  void reset() {
    firstPtsMicros = -1;
  }
}

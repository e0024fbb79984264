package io.gradstream.ingest.capture;

/**
 * Lets through at most {@code maxFps} frames per second on average. Frames are admitted on a fixed
 * grid of slots rather than "one interval after the last admitted frame", so a source at exactly
 * the cap keeps every frame despite arrival jitter, and a faster source is thinned evenly.
 */
public final class FrameRateLimiter {
  private final long intervalNanos;
  private final long toleranceNanos;
  private long nextSlotNanos = Long.MIN_VALUE;

  public FrameRateLimiter(double maxFps) {
    if (!(maxFps > 0)) {
      throw new IllegalArgumentException("maxFps must be above 0, got " + maxFps);
    }
    this.intervalNanos = Math.round(1e9 / maxFps);
    this.toleranceNanos = intervalNanos / 5;
  }

  /** Whether a frame arriving at {@code nowNanos} (a monotonic clock) is let through. */
  public boolean admit(long nowNanos) {
    if (nextSlotNanos == Long.MIN_VALUE || nowNanos >= nextSlotNanos - toleranceNanos) {
      // After a stall, restart the grid at now instead of letting a burst catch up.
      long base =
          nextSlotNanos == Long.MIN_VALUE || nowNanos - nextSlotNanos > intervalNanos
              ? nowNanos
              : nextSlotNanos;
      nextSlotNanos = base + intervalNanos;
      return true;
    }
    return false;
  }
}

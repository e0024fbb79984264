package io.gradstream.app.bench.pipeline;

/**
 * When a synthetic camera's frames are due: frame {@code k} (from 0) at {@code start + k * period},
 * as a live camera delivers them. A sender that fell behind does not burst to catch up (a camera
 * never sends old frames faster than real time; ingest would have skipped them): it goes on with
 * the newest frame due and counts the ones it passed over.
 *
 * @param startNanos {@link System#nanoTime()} of frame 0
 * @param periodNanos time between frames, {@code 1e9 / fps}
 */
public record FramePacing(long startNanos, long periodNanos) {

  public FramePacing {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("period must be positive, got " + periodNanos);
    }
  }

  /** Pacing at {@code fps} frames a second from {@code startNanos}. */
  public static FramePacing of(double fps, long startNanos) {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive, got " + fps);
    }
    return new FramePacing(startNanos, Math.round(1e9 / fps));
  }

  /** When frame {@code k} is due; it must not be sent earlier. */
  public long dueNanos(long k) {
    return startNanos + k * periodNanos;
  }

  /**
   * The frame to send after frame {@code sent} went out at {@code nowNanos}: the next one, or, when
   * later ones are already due, the newest of them.
   */
  public long next(long sent, long nowNanos) {
    long newestDue = nowNanos < startNanos ? -1 : (nowNanos - startNanos) / periodNanos;
    return Math.max(sent + 1, newestDue);
  }
}

package io.gradstream.app.bench.pipeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The timed part of a run, in capture time: a frame is measured when it was captured while the
 * window was open, wherever in the pipeline it is when the window closes. Warm-up frames (captured
 * before) and frames captured after are left out. Thread-safe.
 */
public final class MeasurementWindow {
  private volatile long openedMicros = Long.MAX_VALUE;
  private volatile long closedMicros = Long.MAX_VALUE;

  /** The wall clock now, in microseconds since the Unix epoch (the unit of capture times). */
  public static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** Opens the window now; returns the instant. */
  public long open() {
    openedMicros = nowMicros();
    return openedMicros;
  }

  /** Closes the window now; returns the instant. */
  public long close() {
    closedMicros = nowMicros();
    return closedMicros;
  }

  /** Whether a frame captured at {@code captureMicros} is measured. */
  public boolean contains(long captureMicros) {
    return captureMicros >= openedMicros && captureMicros < closedMicros;
  }

  /** Seconds the window was open (0 before it closed). */
  public double seconds() {
    return closedMicros == Long.MAX_VALUE || openedMicros == Long.MAX_VALUE
        ? 0
        : (closedMicros - openedMicros) / 1e6;
  }
}

package io.gradstream.ingest.capture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live status of one camera: written by its capture thread, read by the REST API and metrics
 * from other threads. Error texts stored here are already free of credentials.
 */
public final class CameraStatus {
  private final String cameraId;
  private final Clock clock;
  private final FrameTimes frameTimes = new FrameTimes();
  private final AtomicLong framesProduced = new AtomicLong();
  private final AtomicLong framesSkipped = new AtomicLong();
  private final AtomicLong decodeErrors = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong droppedTooLarge = new AtomicLong();
  private final AtomicLong droppedKafka = new AtomicLong();
  private final AtomicLong seq = new AtomicLong();

  private volatile CameraState state = CameraState.CONNECTING;
  private volatile Instant since;
  private volatile String lastError;
  private volatile Instant lastErrorAt;
  private volatile Instant lastFrameAt;
  private volatile Instant nextAttemptAt;
  private volatile int width;
  private volatile int height;

  public CameraStatus(String cameraId, Clock clock) {
    this.cameraId = cameraId;
    this.clock = clock;
    this.since = clock.instant();
  }

  public String cameraId() {
    return cameraId;
  }

  public CameraState state() {
    return state;
  }

  void connecting() {
    if (state == CameraState.BACKOFF) {
      reconnects.incrementAndGet();
    }
    nextAttemptAt = null;
    moveTo(CameraState.CONNECTING);
  }

  void streaming(int frameWidth, int frameHeight) {
    width = frameWidth;
    height = frameHeight;
    moveTo(CameraState.STREAMING);
  }

  void backoff(String error, Duration delay) {
    recordError(error);
    nextAttemptAt = clock.instant().plus(delay);
    frameTimes.clear();
    moveTo(CameraState.BACKOFF);
  }

  /** Marks the camera as unable to work until an operator fixes it. */
  public void failed(String error) {
    recordError(error);
    frameTimes.clear();
    moveTo(CameraState.FAILED);
  }

  void finished() {
    frameTimes.clear();
    moveTo(CameraState.FINISHED);
  }

  void stopped() {
    frameTimes.clear();
    if (state != CameraState.FAILED && state != CameraState.FINISHED) {
      moveTo(CameraState.STOPPED);
    }
  }

  long nextSeq() {
    return seq.incrementAndGet();
  }

  void frameProduced() {
    framesProduced.incrementAndGet();
    frameTimes.record(System.nanoTime());
    lastFrameAt = clock.instant();
  }

  void frameSkipped() {
    framesSkipped.incrementAndGet();
  }

  void decodeError(String error) {
    decodeErrors.incrementAndGet();
    recordError(error);
  }

  /** A frame the sink could not deliver; frames are latest-wins, so it is counted, not retried. */
  void frameDropped(DropReason reason, String error) {
    (reason == DropReason.TOO_LARGE ? droppedTooLarge : droppedKafka).incrementAndGet();
    recordError(error);
  }

  private void recordError(String error) {
    lastError = error;
    lastErrorAt = clock.instant();
  }

  private void moveTo(CameraState next) {
    if (state != next) {
      state = next;
      since = clock.instant();
    }
  }

  public long framesProduced() {
    return framesProduced.get();
  }

  public long framesSkipped() {
    return framesSkipped.get();
  }

  public long decodeErrors() {
    return decodeErrors.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  public long framesDropped(DropReason reason) {
    return (reason == DropReason.TOO_LARGE ? droppedTooLarge : droppedKafka).get();
  }

  public double fps() {
    return frameTimes.fps(System.nanoTime());
  }

  /** A consistent-enough copy for the API (each field is read once). */
  public CameraStatusSnapshot snapshot() {
    return new CameraStatusSnapshot(
        state,
        since,
        Math.round(fps() * 10) / 10.0,
        framesProduced.get(),
        framesSkipped.get(),
        framesDropped(DropReason.TOO_LARGE) + framesDropped(DropReason.KAFKA),
        decodeErrors.get(),
        reconnects.get(),
        seq.get(),
        width,
        height,
        lastFrameAt,
        lastError,
        lastErrorAt,
        nextAttemptAt);
  }
}

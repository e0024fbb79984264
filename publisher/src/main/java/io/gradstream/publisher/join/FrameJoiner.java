package io.gradstream.publisher.join;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Joins the frames topic with the detections topic by (camera, ingest session, seq), holding at
 * most {@code bufferFrames} frames and as many early detections per camera, so memory stays bounded
 * however far one side runs ahead. Detections trail their frame by the inference time, but the two
 * topics are read by different consumers, so either may come first.
 *
 * <p>Joined frames go out in order per camera: one older than the newest already sent is counted
 * late and not sent (live video never steps back). A frame whose detections have not come within
 * {@code timeoutMs} goes out without them, so a camera whose frames the worker drops still shows
 * video. Thread-safe; {@code out} is called under the joiner's lock and must not block.
 */
public final class FrameJoiner {
  private final int bufferFrames;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final Consumer<JoinedFrame> out;
  private final JoinOutcome.Listener outcomes;
  private final Map<String, CameraBuffers> cameras = new HashMap<>();
  private final AtomicLong joined = new AtomicLong();
  private final AtomicLong shownWithoutDetections = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private final AtomicLong unmatchedDetections = new AtomicLong();

  /**
   * @param bufferFrames frames (and early detections) held per camera
   * @param timeoutMs how long a frame waits for its detections
   * @param nanoTime the clock, {@code System::nanoTime} outside tests
   * @param out receives each joined frame
   */
  public FrameJoiner(
      int bufferFrames, long timeoutMs, LongSupplier nanoTime, Consumer<JoinedFrame> out) {
    this(bufferFrames, timeoutMs, nanoTime, out, (camera, outcome) -> {});
  }

  /**
   * A joiner that also tells {@code outcomes} what became of each frame (for per-camera metrics).
   *
   * @param outcomes told under the joiner's lock; must not block
   */
  public FrameJoiner(
      int bufferFrames,
      long timeoutMs,
      LongSupplier nanoTime,
      Consumer<JoinedFrame> out,
      JoinOutcome.Listener outcomes) {
    this.outcomes = outcomes;
    if (bufferFrames < 1) {
      throw new IllegalArgumentException(
          "the join buffer must hold at least one frame, got " + bufferFrames);
    }
    this.bufferFrames = bufferFrames;
    this.timeoutNanos = timeoutMs * 1_000_000;
    this.nanoTime = nanoTime;
    this.out = out;
  }

  /** A frame arrived from the frames topic. */
  public synchronized void onFrame(FrameEnvelope frame) {
    CameraBuffers camera = cameras.computeIfAbsent(frame.getCameraId(), id -> new CameraBuffers());
    Key key = Key.of(frame);
    ExplainedFrame early = camera.detections.remove(key);
    if (early != null) {
      emit(camera, new JoinedFrame(frame, early));
      return;
    }
    camera.frames.put(key, new Waiting<>(frame, nanoTime.getAsLong()));
    notifyAll(); // an alert may be waiting for this frame's snapshot (awaitFrame)
    if (camera.frames.size() > bufferFrames) {
      Iterator<Waiting<FrameEnvelope>> oldest = camera.frames.values().iterator();
      FrameEnvelope gone = oldest.next().value();
      oldest.remove();
      evicted.incrementAndGet();
      outcomes.counted(gone.getCameraId(), JoinOutcome.EVICTED);
    }
  }

  /** Detections arrived from the detections topic. */
  public synchronized void onDetections(ExplainedFrame detections) {
    CameraBuffers camera =
        cameras.computeIfAbsent(detections.getCameraId(), id -> new CameraBuffers());
    Key key = Key.of(detections);
    Waiting<FrameEnvelope> frame = camera.frames.remove(key);
    if (frame != null) {
      emit(camera, new JoinedFrame(frame.value(), detections));
      return;
    }
    camera.detections.put(key, detections);
    if (camera.detections.size() > bufferFrames) {
      Iterator<ExplainedFrame> oldest = camera.detections.values().iterator();
      oldest.next();
      oldest.remove();
      unmatchedDetections.incrementAndGet();
    }
  }

  /** The buffered frame these detections belong to, if it is still held (for alert snapshots). */
  public synchronized Optional<FrameEnvelope> heldFrame(ExplainedFrame detections) {
    CameraBuffers camera = cameras.get(detections.getCameraId());
    Waiting<FrameEnvelope> frame = camera == null ? null : camera.frames.get(Key.of(detections));
    return Optional.ofNullable(frame == null ? null : frame.value());
  }

  /**
   * The buffered frame these detections belong to, waiting up to {@code wait} for it to arrive: the
   * frames reader may be a moment behind the detections reader. Only for detections that raised an
   * alert (rare): it blocks the caller, not the joiner.
   */
  public synchronized Optional<FrameEnvelope> awaitFrame(ExplainedFrame detections, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    Optional<FrameEnvelope> frame = heldFrame(detections);
    while (frame.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return frame;
      }
      try {
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return frame;
      }
      frame = heldFrame(detections);
    }
    return frame;
  }

  /**
   * Sends frames that waited longer than the timeout without their detections; call it a few times
   * a second.
   */
  public synchronized void expire() {
    long now = nanoTime.getAsLong();
    for (CameraBuffers camera : cameras.values()) {
      for (Iterator<Waiting<FrameEnvelope>> it = camera.frames.values().iterator();
          it.hasNext(); ) {
        Waiting<FrameEnvelope> frame = it.next();
        if (now - frame.since() < timeoutNanos) {
          break; // insertion order is arrival order: the rest waited less
        }
        it.remove();
        shownWithoutDetections.incrementAndGet();
        outcomes.counted(frame.value().getCameraId(), JoinOutcome.WITHOUT_DETECTIONS);
        emit(camera, new JoinedFrame(frame.value(), null));
      }
    }
  }

  private void emit(CameraBuffers camera, JoinedFrame frame) {
    FrameEnvelope f = frame.frame();
    boolean sameSession = f.getIngestSession().equals(camera.lastSession);
    if (sameSession && f.getSeq() <= camera.lastSeq) {
      late.incrementAndGet();
      outcomes.counted(f.getCameraId(), JoinOutcome.LATE);
      return;
    }
    camera.lastSession = f.getIngestSession();
    camera.lastSeq = f.getSeq();
    if (frame.hasDetections()) {
      joined.incrementAndGet();
      outcomes.counted(f.getCameraId(), JoinOutcome.JOINED);
    }
    out.accept(frame);
  }

  /** Frames sent with their detections. */
  public long joined() {
    return joined.get();
  }

  /** Frames sent without detections because none came within the timeout. */
  public long shownWithoutDetections() {
    return shownWithoutDetections.get();
  }

  /** Frames dropped because the buffer was full before their detections came. */
  public long evicted() {
    return evicted.get();
  }

  /** Frames matched after a newer frame of the camera had already been sent. */
  public long late() {
    return late.get();
  }

  /** Detections dropped because their frame never came while they were held. */
  public long unmatchedDetections() {
    return unmatchedDetections.get();
  }

  private record Key(String session, long seq) {
    static Key of(FrameEnvelope f) {
      return new Key(f.getIngestSession(), f.getSeq());
    }

    static Key of(ExplainedFrame d) {
      return new Key(d.getIngestSession(), d.getSeq());
    }
  }

  private record Waiting<T>(T value, long since) {}

  private static final class CameraBuffers {
    final LinkedHashMap<Key, Waiting<FrameEnvelope>> frames = new LinkedHashMap<>();
    final LinkedHashMap<Key, ExplainedFrame> detections = new LinkedHashMap<>();
    String lastSession = "";
    long lastSeq = Long.MIN_VALUE;
  }
}

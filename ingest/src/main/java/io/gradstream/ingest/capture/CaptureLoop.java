package io.gradstream.ingest.capture;

import com.google.protobuf.ByteString;
import io.gradstream.common.camera.SourceKind;
import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.ingest.sink.FrameSink;
import io.gradstream.ingest.source.FrameSource;
import io.gradstream.ingest.source.GrabbedFrame;
import io.gradstream.ingest.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's capture: open the source, grab, cap the rate, JPEG-encode, stamp and send; on
 * failure, back off and reconnect, for as long as the camera is registered. Runs on a thread of its
 * own because grabbing blocks; {@link #stop()} ends it within the source's read timeout.
 */
public final class CaptureLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);

  private final CameraSettings settings;
  private final Supplier<FrameSource> sources;
  private final FrameSink sink;
  private final RetryPolicy<Throwable> reconnect;
  private final CameraStatus status;
  private final Clock clock;
  private final String session = UUID.randomUUID().toString();
  private final AtomicBoolean tooLargeLogged = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile Thread thread;

  public CaptureLoop(
      CameraSettings settings,
      Supplier<FrameSource> sources,
      FrameSink sink,
      RetryPolicy<Throwable> reconnect,
      CameraStatus status,
      Clock clock) {
    this.settings = settings;
    this.sources = sources;
    this.sink = sink;
    this.reconnect = reconnect;
    this.status = status;
    this.clock = clock;
  }

  /** Asks the loop to end; it does so after the current blocking read returns. */
  public void stop() {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    String camera = settings.id();
    log.info(
        "camera={} event=capture-start url={} max_fps={} jpeg_quality={}",
        camera,
        settings.url().redacted(),
        settings.maxFps(),
        settings.jpegQuality());
    int failures = 0;
    try (JpegEncoder encoder = new JpegEncoder(settings.jpegQuality())) {
      while (!stopping) {
        status.connecting();
        FrameSource source = sources.get();
        try {
          source.open();
          log.info("camera={} event=connected", camera);
          if (stream(source, encoder)) {
            return; // a file without looping ended
          }
          if (!stopping) {
            throw new SourceException("the server ended the stream", false, null);
          }
        } catch (SourceException e) {
          if (stopping) {
            break;
          }
          if (status.state() == CameraState.STREAMING) {
            failures = 0; // it worked before this failure, so start the backoff from the bottom
          }
          // The policy (RetryPolicies.cameraReconnect) retries every failure that is not permanent,
          // without end.
          Optional<Duration> retry = reconnect.retryAfter(failures + 1, e);
          if (retry.isEmpty()) {
            status.failed(e.getMessage());
            log.error(
                "camera={} event=failed policy={} error=\"{}\"",
                camera,
                reconnect.name(),
                e.getMessage());
            return;
          }
          failures++;
          Duration delay = retry.get();
          status.backoff(e.getMessage(), delay);
          log.warn(
              "camera={} event=backoff retry_in_ms={} error=\"{}\"",
              camera,
              delay.toMillis(),
              e.getMessage());
          Thread.sleep(delay.toMillis());
        } finally {
          source.close();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A bug, not a camera fault: say so, and let the supervisor see the camera failed.
      status.failed("internal error: " + e);
      log.error("camera={} event=crashed", camera, e);
    } finally {
      status.stopped();
      log.info(
          "camera={} event=capture-stop state={} frames={}",
          camera,
          status.state(),
          status.framesProduced());
    }
  }

  /**
   * Counts a frame the sink could not deliver. An oversized frame is logged once per camera (they
   * come at the frame rate and would flood the log) and the camera goes on: the next frame may fit.
   */
  private void dropped(DropReason reason, String error) {
    status.frameDropped(reason, error);
    if (reason == DropReason.TOO_LARGE && tooLargeLogged.compareAndSet(false, true)) {
      log.warn(
          "camera={} event=frame-too-large error=\"{}\" next=\"such frames are dropped and counted in "
              + "gradstream_ingest_frames_dropped_total{reason=too_large}; this is logged once per camera\"",
          settings.id(),
          error);
    }
  }

  /**
   * Reads frames until the stream ends or the loop stops.
   *
   * @return true when a non-looping file reached its end (the camera is done)
   */
  private boolean stream(FrameSource source, JpegEncoder encoder)
      throws SourceException, InterruptedException {
    boolean file = settings.url().kind() == SourceKind.FILE;
    FrameRateLimiter limiter = new FrameRateLimiter(settings.maxFps());
    RealTimePacer pacer = new RealTimePacer();
    boolean first = true;
    while (!stopping) {
      GrabbedFrame frame = source.grab();
      if (frame == null) {
        if (!file) {
          return false;
        }
        if (!settings.loop()) {
          status.finished();
          log.info("camera={} event=finished reason=end-of-file", settings.id());
          return true;
        }
        source.open(); // loop: reopening is more robust across containers than seeking to 0
        pacer.reset();
        continue;
      }
      if (first) {
        first = false;
        status.streaming(frame.width(), frame.height());
        log.info(
            "camera={} event=streaming width={} height={}",
            settings.id(),
            frame.width(),
            frame.height());
      }
      if (file) {
        pacer.awaitDue(frame.ptsMicros());
      }
      if (!limiter.admit(System.nanoTime())) {
        status.frameSkipped();
        continue;
      }
      Instant captured = clock.instant();
      byte[] jpeg;
      try {
        jpeg = encoder.encode(frame.image());
      } catch (RuntimeException e) {
        status.decodeError("frame could not be encoded: " + e.getMessage());
        continue;
      }
      FrameEnvelope envelope =
          FrameEnvelope.newBuilder()
              .setCameraId(settings.id())
              .setSeq(status.nextSeq())
              .setCaptureTimeUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, captured))
              .setPtsMicros(frame.ptsMicros())
              .setWidth(frame.width())
              .setHeight(frame.height())
              .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
              .setData(ByteString.copyFrom(jpeg))
              .setIngestSession(session)
              .build();
      sink.send(envelope, this::dropped);
      status.frameProduced();
    }
    return false;
  }
}

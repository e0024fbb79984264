package io.gradstream.publisher.republish;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.publisher.live.LiveFrame;
import io.gradstream.publisher.render.CorruptFrameException;
import io.gradstream.publisher.render.FrameRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one camera's annotated frames to one {@link PushTarget} at a steady frame rate: players
 * and RTSP servers expect a constant rate, so on each tick the newest frame is encoded, and the
 * previous one is sent again when no new frame came. H.264, ultrafast and zero-latency, a key frame
 * every second so a new reader gets a picture quickly. When the target refuses (server down), it
 * retries with backoff; when the frame size changes, it starts a new stream. Runs on the thread
 * that calls {@link #tick()}.
 */
final class CameraPush implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraPush.class);

  private final String cameraId;
  private final PushTarget target;
  private final double fps;
  private final RetryPolicy<Throwable> reconnect;
  private final AtomicReference<LiveFrame> newest = new AtomicReference<>();
  private final AtomicLong framesPushed = new AtomicLong();
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private FFmpegFrameRecorder recorder;
  private Frame last;
  private long lastSeq = -1;
  private String lastSession = "";
  private int failures;
  private long retryAtNanos;

  CameraPush(String cameraId, PushTarget target, double fps, RetryPolicy<Throwable> reconnect) {
    this.cameraId = cameraId;
    this.target = target;
    this.fps = fps;
    this.reconnect = reconnect;
  }

  /** Hands over the camera's newest frame; cheap, called on the feed's thread. */
  void offer(LiveFrame frame) {
    newest.set(frame);
  }

  /** Frames written to the target so far (repeats included). */
  long framesPushed() {
    return framesPushed.get();
  }

  /** One tick of the frame clock: encode and send the newest frame, or repeat the last one. */
  void tick() {
    if (System.nanoTime() < retryAtNanos) {
      return;
    }
    try {
      Frame frame = nextFrame();
      if (frame == null) {
        return;
      }
      ensureStarted(frame.imageWidth, frame.imageHeight);
      recorder.record(frame, AV_PIX_FMT_BGR24);
      framesPushed.incrementAndGet();
      if (failures > 0) {
        log.info(
            "camera={} target={} event=republish-recovered after_failures={}",
            cameraId,
            target.shown(),
            failures);
        failures = 0;
      }
    } catch (FFmpegFrameRecorder.Exception | RuntimeException e) {
      stopRecorder();
      // RetryPolicies.republishReconnect: every failure, without end; a policy that gives up leaves
      // the push off.
      Duration wait = reconnect.retryAfter(failures + 1, e).orElse(Duration.ofDays(365));
      failures++;
      retryAtNanos = System.nanoTime() + wait.toNanos();
      log.warn(
          "camera={} target={} event=republish-failed attempt={} error=\"{}\" next=\"retry in {} ms\"",
          cameraId,
          target.shown(),
          failures,
          e.getMessage(),
          wait.toMillis());
    }
  }

  private Frame nextFrame() {
    LiveFrame frame = newest.get();
    if (frame == null) {
      return null;
    }
    boolean fresh = frame.seq() != lastSeq || !frame.frame().getIngestSession().equals(lastSession);
    if (fresh) {
      try (PointerScope scope = new PointerScope()) {
        Mat image = FrameRenderer.decodeFrame(frame.annotatedJpeg());
        // The converter's frame shares the Mat's memory, which the scope frees: keep a copy.
        last = converter.convert(image).clone();
      } catch (CorruptFrameException e) {
        log.warn(
            "camera={} seq={} event=republish-frame-skipped error=\"{}\"",
            cameraId,
            frame.seq(),
            e.getMessage());
      }
      lastSeq = frame.seq();
      lastSession = frame.frame().getIngestSession();
    }
    return last;
  }

  private void ensureStarted(int width, int height) throws FFmpegFrameRecorder.Exception {
    // yuv420p needs even sides; the recorder scales the frame to them.
    int w = width & ~1;
    int h = height & ~1;
    if (recorder != null && recorder.getImageWidth() == w && recorder.getImageHeight() == h) {
      return;
    }
    stopRecorder();
    if ("hls".equals(target.format())) {
      try {
        Files.createDirectories(Path.of(target.output()).getParent());
      } catch (IOException e) {
        throw new FFmpegFrameRecorder.Exception(
            "cannot create the HLS directory for " + target.shown() + ": " + e.getMessage());
      }
    }
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(target.output(), w, h, 0);
    r.setFormat(target.format());
    r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
    r.setPixelFormat(AV_PIX_FMT_YUV420P);
    r.setFrameRate(fps);
    r.setGopSize((int) Math.max(1, Math.round(fps)));
    r.setMaxBFrames(0);
    r.setVideoOption("preset", "ultrafast");
    r.setVideoOption("tune", "zerolatency");
    target.options().forEach(r::setOption);
    r.start();
    recorder = r;
    log.info(
        "camera={} target={} event=republish-started size={}x{} fps={}",
        cameraId,
        target.shown(),
        w,
        h,
        fps);
  }

  private void stopRecorder() {
    if (recorder == null) {
      return;
    }
    try {
      recorder.close();
    } catch (FrameRecorder.Exception e) {
      log.debug("camera={} event=republish-close-failed error=\"{}\"", cameraId, e.getMessage());
    }
    recorder = null;
  }

  @Override
  public void close() {
    stopRecorder();
    converter.close();
  }
}

package io.gradstream.ingest.source;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.camera.FileRoots;
import io.gradstream.common.camera.SourceKind;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads any source FFmpeg can open (RTSP, RTMP, HTTP MJPEG, files) with JavaCV, decoding to BGR.
 * Every blocking call is bounded by the read timeout, through FFmpeg's socket timeouts and JavaCV's
 * interrupt callback, so a camera that goes silent is detected instead of hanging its thread. A
 * file source is confined to the file roots each time it is opened (a looping file is reopened at
 * its end), so a file replaced by a link to somewhere else after the camera was registered is
 * refused then; FFmpeg is handed the checked real path, and may open only local files from it (no
 * network or other protocol through a playlist or a concat list in the file).
 */
public final class FfmpegFrameSource implements FrameSource {
  static {
    // FFmpeg's own logging goes to stderr and would carry camera URLs; keep only real errors.
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    FFmpegLogCallback.setLevel(avutil.AV_LOG_FATAL);
  }

  private final CameraUrl url;
  private final String format;
  private final long readTimeoutMs;
  private final FileRoots fileRoots;
  private FFmpegFrameGrabber grabber;

  /**
   * @param url where to read
   * @param format FFmpeg input format to force (e.g. "mpjpeg"), or null/empty to probe
   * @param readTimeoutMs silence after which opening or reading fails
   * @param fileRoots where a file source may be ({@code ingest.file-roots})
   */
  public FfmpegFrameSource(CameraUrl url, String format, long readTimeoutMs, FileRoots fileRoots) {
    this.url = url;
    this.format = format;
    this.readTimeoutMs = readTimeoutMs;
    this.fileRoots = fileRoots;
  }

  @Override
  public void open() throws SourceException {
    close();
    String location = url.kind() == SourceKind.FILE ? confinedFile() : url.url();
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(location);
    if (format != null && !format.isBlank()) {
      g.setFormat(format);
    }
    String micros = Long.toString(readTimeoutMs * 1000);
    if (url.kind().isLive()) {
      // FFmpeg's default 5 s of stream analysis delays the first frame; one second finds a camera's
      // format.
      g.setOption("analyzeduration", "1000000");
    }
    switch (url.kind()) {
      case RTSP -> g.setOption("timeout", micros);
      case RTMP, HTTP -> g.setOption("rw_timeout", micros);
      // A file in a root may still be an HLS playlist or a concat list naming URLs or other files.
      case FILE -> g.setOption("protocol_whitelist", "file");
    }
    g.setTimeout((int) Math.min(Integer.MAX_VALUE, readTimeoutMs));
    g.setImageMode(FrameGrabber.ImageMode.COLOR);
    g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    long started = System.nanoTime();
    try {
      g.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      releaseQuietly(g);
      throw FfmpegErrors.opening(url, e, readTimeoutMs, millisSince(started));
    }
    if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      releaseQuietly(g);
      throw new SourceException(
          "cannot open " + url.redacted() + ": it has no video stream",
          url.kind() == SourceKind.FILE,
          null);
    }
    grabber = g;
  }

  /**
   * The real path of the file, checked against the roots now (it may have changed since
   * registration).
   */
  private String confinedFile() throws SourceException {
    try {
      return fileRoots.confine(url).toString();
    } catch (FileRoots.Refused e) {
      throw new SourceException(
          "cannot open " + url.redacted() + ": " + e.getMessage() + ". " + e.fix(), true, null);
    }
  }

  @Override
  public GrabbedFrame grab() throws SourceException {
    if (grabber == null) {
      throw new IllegalStateException("grab() before open()");
    }
    long started = System.nanoTime();
    try {
      Frame frame = grabber.grabImage();
      if (frame == null || frame.image == null) {
        return null;
      }
      return new GrabbedFrame(frame, Math.max(0, frame.timestamp));
    } catch (FrameGrabber.Exception | RuntimeException e) {
      throw FfmpegErrors.reading(url, e, readTimeoutMs, millisSince(started));
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Frames per second the stream declares, or 0 when unknown. */
  public double declaredFrameRate() {
    return grabber == null ? 0 : grabber.getFrameRate();
  }

  @Override
  public void close() {
    if (grabber != null) {
      releaseQuietly(grabber);
      grabber = null;
    }
  }

  private static void releaseQuietly(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (FrameGrabber.Exception | RuntimeException ignored) {
      // Closing a broken connection can fail again; there is nothing left to release.
    }
  }
}

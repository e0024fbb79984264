package io.gradstream.app.bench.pipeline;

import com.google.protobuf.ByteString;
import io.gradstream.ingest.capture.JpegEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;

/**
 * Consecutive real frames of a video, JPEG-encoded once with ingest's own encoder and quality, so
 * the synthetic cameras send what ingest would send without spending the run's CPU on decoding and
 * encoding video.
 *
 * @param frames the JPEGs, in video order
 * @param width frame width in pixels
 * @param height frame height in pixels
 */
public record JpegFramePool(List<ByteString> frames, int width, int height) {

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
  }

  public JpegFramePool {
    frames = List.copyOf(frames);
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a frame pool needs at least one frame");
    }
  }

  /**
   * The first {@code count} frames of {@code video} (fewer when it is shorter), JPEG at {@code
   * quality}.
   *
   * @throws IOException when the video has no decodable frame
   */
  public static JpegFramePool load(Path video, int count, int quality) throws IOException {
    List<ByteString> jpegs = new ArrayList<>(count);
    int width;
    int height;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        JpegEncoder encoder = new JpegEncoder(quality)) {
      grabber.start();
      width = grabber.getImageWidth();
      height = grabber.getImageHeight();
      Frame frame;
      while (jpegs.size() < count && (frame = grabber.grabImage()) != null) {
        jpegs.add(ByteString.copyFrom(encoder.encode(frame)));
      }
      grabber.stop();
    }
    if (jpegs.isEmpty() || width <= 0 || height <= 0) {
      throw new IOException("no frame could be decoded from " + video);
    }
    return new JpegFramePool(jpegs, width, height);
  }

  /** Frame {@code index}, wrapping around the pool. */
  public ByteString frame(long index) {
    return frames.get((int) Math.floorMod(index, (long) frames.size()));
  }

  /** Mean JPEG size in bytes. */
  public long meanBytes() {
    return Math.round(frames.stream().mapToLong(ByteString::size).average().orElse(0));
  }
}

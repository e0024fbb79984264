package io.gradstream.app.bench;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.BgrMats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * The benchmark's input: real frames decoded from a video once, before anything is timed, so that
 * decoding never counts as detector time. Frames are spread evenly over the video, so they show
 * different scenes (different numbers of objects, hence different NMS work) rather than one scene
 * {@code count} times.
 */
public final class BenchFrames {
  /**
   * The real footage the benchmark uses by default (OpenCV's pedestrian sample, 768x576, 10 fps).
   */
  public static final String DEFAULT_VIDEO = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
  }

  private BenchFrames() {}

  /**
   * Decodes up to {@code count} frames of {@code video}, evenly spaced when the container says how
   * many frames it has, else the first {@code count}.
   *
   * @throws IOException when the file has no video stream or no frame could be decoded
   */
  public static List<BgrImage> decode(Path video, int count) throws IOException {
    if (count <= 0) {
      throw new IllegalArgumentException("frame count must be positive, got " + count);
    }
    List<BgrImage> frames = new ArrayList<>(count);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
        throw new IOException(video + " has no video stream");
      }
      long length = grabber.getLengthInVideoFrames();
      long stride = length >= count ? length / count : 1;
      Frame frame;
      for (long index = 0;
          frames.size() < count && (frame = grabber.grabImage()) != null;
          index++) {
        if (index % stride == 0) {
          frames.add(BgrMats.toImage(converter.convert(frame)));
        }
      }
      grabber.stop();
    }
    if (frames.isEmpty()) {
      throw new IOException("no frame could be decoded from " + video);
    }
    return List.copyOf(frames);
  }

  /**
   * {@code count} consecutive frames of {@code video} from frame {@code from}: what a live camera
   * delivers, where each frame looks much like the one before.
   */
  public static List<BgrImage> consecutive(Path video, int from, int count) throws IOException {
    List<BgrImage> frames = new ArrayList<>(count);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      Frame frame;
      for (int index = 0; frames.size() < count && (frame = grabber.grabImage()) != null; index++) {
        if (index >= from) {
          frames.add(BgrMats.toImage(converter.convert(frame)));
        }
      }
      grabber.stop();
    }
    if (frames.isEmpty()) {
      throw new IOException("no frame from " + from + " on could be decoded from " + video);
    }
    return List.copyOf(frames);
  }
}

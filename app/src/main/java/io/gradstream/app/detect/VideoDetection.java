package io.gradstream.app.detect;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import io.gradstream.inference.image.BgrMats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Detects objects in every frame of a video file; writes an H.264 MP4 with the detections drawn and
 * a JSON-lines file, one line per frame. Frames go through one at a time, in order: this is a tool
 * for looking at a model, not the throughput path (that is the worker's micro-batching).
 */
public final class VideoDetection {
  /** Frame rate assumed when the container does not say. */
  private static final double FALLBACK_FPS = 25;

  static {
    quietFfmpeg();
  }

  /** FFmpeg and x264 chat on stderr per stream; gradstream reports progress itself. */
  public static void quietFfmpeg() {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
  }

  private VideoDetection() {}

  /** Told after every frame. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param frames frames done
     * @param total frames expected, or 0 when the container does not say
     * @param detections detections so far
     */
    void update(long frames, long total, long detections);
  }

  /**
   * What was written.
   *
   * @param mp4 the annotated video
   * @param jsonl one JSON line per frame
   * @param frames frames processed
   * @param detections detections over all frames
   */
  public record Result(Path mp4, Path jsonl, long frames, long detections) {}

  /** What is drawn on each frame and written as its JSON line. */
  public interface Annotator {
    /**
     * What is drawn and written for a frame's detections, called once per frame, in order, before
     * {@link #paint} and {@link #line} (e.g. to follow objects along the video); as found by
     * default.
     */
    default List<Detection> follow(List<Detection> found) {
      return found;
    }

    /** Draws {@code found} on {@code frame} in place. */
    void paint(Mat frame, List<Detection> found);

    /** The frame's JSON line, as an object Jackson writes. */
    Object line(long frame, double timeMs, List<Detection> found);
  }

  /** Boxes, labels and scores; {@link DetectionJson.FrameResult} lines. */
  public static final Annotator BOXES =
      new Annotator() {
        @Override
        public void paint(Mat frame, List<Detection> found) {
          DetectionPainter.paint(frame, found);
        }

        @Override
        public Object line(long frame, double timeMs, List<Detection> found) {
          return new DetectionJson.FrameResult(frame, timeMs, DetectionJson.items(found));
        }
      };

  /**
   * Writes DIR/NAME.detections.mp4 and .jsonl with {@link #BOXES}.
   *
   * @param maxFrames stop after this many frames; 0 for the whole video
   */
  public static Result run(
      Detector detector, Path video, Path outputDir, long maxFrames, Progress progress)
      throws IOException {
    return run(detector, video, outputDir, "detections", BOXES, maxFrames, progress);
  }

  /**
   * Writes DIR/NAME.{@code suffix}.mp4 and .jsonl, each frame annotated by {@code annotator}.
   *
   * @param maxFrames stop after this many frames; 0 for the whole video
   */
  public static Result run(
      Detector detector,
      Path video,
      Path outputDir,
      String suffix,
      Annotator annotator,
      long maxFrames,
      Progress progress)
      throws IOException {
    String base = MediaKind.baseName(video);
    Path mp4 = outputDir.resolve(base + "." + suffix + ".mp4");
    Path jsonl = outputDir.resolve(base + "." + suffix + ".jsonl");
    long frames = 0;
    long detections = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        BufferedWriter lines = Files.newBufferedWriter(jsonl)) {
      grabber.start();
      if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
        throw new IOException(video + " has no video stream");
      }
      double fps =
          grabber.getFrameRate() > 0 && grabber.getFrameRate() < 1000
              ? grabber.getFrameRate()
              : FALLBACK_FPS;
      long total = Math.max(0, grabber.getLengthInVideoFrames());
      if (maxFrames > 0) {
        total = total > 0 ? Math.min(total, maxFrames) : maxFrames;
      }
      // yuv420p, which every player decodes, needs even sides: the recorder scales an odd frame by
      // a pixel.
      try (FFmpegFrameRecorder recorder =
          new FFmpegFrameRecorder(
              mp4.toFile(), grabber.getImageWidth() & ~1, grabber.getImageHeight() & ~1, 0)) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoOption("preset", "veryfast");
        recorder.setVideoOption("crf", "23");
        recorder.start();
        Frame frame;
        while ((maxFrames <= 0 || frames < maxFrames) && (frame = grabber.grabImage()) != null) {
          Mat mat = converter.convert(frame);
          BgrImage image = BgrMats.toImage(mat);
          List<Detection> found = annotator.follow(detector.detect(List.of(image)).get(0));
          annotator.paint(mat, found);
          recorder.record(converter.convert(mat));
          lines.write(
              DetectionJson.compact()
                  .writeValueAsString(annotator.line(frames, frame.timestamp / 1000.0, found)));
          lines.newLine();
          frames++;
          detections += found.size();
          progress.update(frames, total, detections);
        }
        recorder.stop();
      }
      grabber.stop();
    }
    return new Result(mp4, jsonl, frames, detections);
  }
}

package io.gradstream.app.calibrate;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.gradstream.app.calibrate.EvaluationSet.EvalFrame;
import io.gradstream.app.detect.MediaKind;
import io.gradstream.app.detect.VideoDetection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes the evaluation set's frames: each video once, front to back, keeping the frames asked for
 * (frame N is the N-th picture the decoder returns, as in {@code gradstream detect}'s JSON lines).
 */
final class EvaluationFrames {
  static {
    VideoDetection.quietFfmpeg();
  }

  private EvaluationFrames() {}

  /** Receives each frame while it is decoded; the Mat is only valid during the call. */
  @FunctionalInterface
  interface Visitor {
    void visit(EvalFrame frame, Mat image) throws IOException;
  }

  /** Calls {@code visitor} for every frame, grouped by source, in frame order within a source. */
  static void forEach(List<EvalFrame> frames, Visitor visitor) throws IOException {
    Map<Path, List<EvalFrame>> bySource = new LinkedHashMap<>();
    frames.forEach(f -> bySource.computeIfAbsent(f.source(), s -> new ArrayList<>()).add(f));
    for (Map.Entry<Path, List<EvalFrame>> e : bySource.entrySet()) {
      Path source = e.getKey();
      if (!Files.isRegularFile(source)) {
        throw new IOException(
            source
                + " is missing: the evaluation set reads footage from Debian packages "
                + "(opencv-doc, darknet); run ./scripts/setup.sh to install them");
      }
      List<EvalFrame> wanted = new ArrayList<>(e.getValue());
      wanted.sort(Comparator.comparingInt(EvalFrame::frame));
      if (MediaKind.of(source) == MediaKind.IMAGE) {
        Mat mat = imread(source.toString(), IMREAD_COLOR);
        if (mat == null || mat.empty()) {
          throw new IOException("cannot read " + source + " as an image");
        }
        for (EvalFrame f : wanted) {
          visitor.visit(f, mat);
        }
      } else {
        video(source, wanted, visitor);
      }
    }
  }

  private static void video(Path source, List<EvalFrame> wanted, Visitor visitor)
      throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      int index = 0;
      int next = 0;
      Frame frame;
      while (next < wanted.size() && (frame = grabber.grabImage()) != null) {
        while (next < wanted.size() && wanted.get(next).frame() == index) {
          visitor.visit(wanted.get(next++), converter.convert(frame));
        }
        index++;
      }
      grabber.stop();
      if (next < wanted.size()) {
        throw new IOException(
            source
                + " has "
                + index
                + " frames; the evaluation set asks for frame "
                + wanted.get(next).frame());
      }
    }
  }
}

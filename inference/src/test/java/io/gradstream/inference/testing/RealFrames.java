package io.gradstream.inference.testing;

import static org.assertj.core.api.Assertions.fail;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.BgrMats;
import io.gradstream.inference.image.JpegDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Loads the pixels of a {@link LabelledFrame} from the Debian package that ships it. */
public final class RealFrames {
  private RealFrames() {}

  /** The frame, or a failure saying which package to install. */
  public static BgrImage load(LabelledFrame frame) throws IOException {
    Path file = Path.of(frame.image() != null ? frame.image() : frame.video());
    if (!Files.exists(file)) {
      fail(
          file
              + " is missing: install it with `sudo apt-get install -y "
              + frame.debianPackage()
              + "` (scripts/setup.sh does)");
    }
    return frame.image() != null
        ? JpegDecoder.decode(Files.readAllBytes(file))
        : videoFrame(file, frame.frame());
  }

  /** Frame {@code index} (from 0) of {@code video}, decoded in order as the ingest would see it. */
  public static BgrImage videoFrame(Path video, int index) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      Frame frame = null;
      for (int i = 0; i <= index; i++) {
        frame = grabber.grabImage();
        if (frame == null) {
          throw new IOException(video + " has only " + i + " frames, wanted frame " + index);
        }
      }
      Mat mat = converter.convert(frame);
      return BgrMats.toImage(mat);
    }
  }
}

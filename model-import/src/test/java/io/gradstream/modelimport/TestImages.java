package io.gradstream.modelimport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real 640x640 (or other square) RGB test inputs (NHWC floats in 0-1), decoded with the ffmpeg
 * command line so the inference module needs no video library: a letterboxed frame of opencv-doc's
 * vtest.avi (a campus path with pedestrians, a parked car and a van) and darknet's still images.
 */
final class TestImages {
  static final int SIZE = 640;
  static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
  static final Path DARKNET_DATA = Path.of("/usr/share/darknet/data");

  private TestImages() {}

  /**
   * Frame {@code index} of vtest.avi (768x576) letterboxed as YOLOv5 does: scaled to 640x480,
   * centred on 640x640 gray (114).
   */
  static float[] vtestFrame(int index) {
    return vtestFrame(index, SIZE);
  }

  /**
   * The same letterbox at {@code size} (a multiple of 4): scaled to size x 3/4 size, centred on
   * gray.
   */
  static float[] vtestFrame(int index, int size) {
    require(VTEST, "opencv-doc");
    int h = size * 3 / 4;
    return decode(
        VTEST,
        "select=eq(n\\,"
            + index
            + "),scale="
            + size
            + ":"
            + h
            + ":flags=bilinear,pad="
            + size
            + ":"
            + size
            + ":0:"
            + (size - h) / 2
            + ":color=0x727272",
        size);
  }

  /** One of darknet's sample images (dog.jpg, person.jpg, ...) resized to 640x640. */
  static float[] darknet(String name) {
    Path file = DARKNET_DATA.resolve(name);
    require(file, "darknet");
    return decode(file, "scale=640:640:flags=bilinear", SIZE);
  }

  private static float[] decode(Path source, String filter, int size) {
    List<String> command =
        List.of(
            "ffmpeg",
            "-v",
            "error",
            "-nostdin",
            "-i",
            source.toString(),
            "-vf",
            filter,
            "-frames:v",
            "1",
            "-fps_mode",
            "passthrough",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-");
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] rgb;
      try (InputStream in = p.getInputStream()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        rgb = out.toByteArray();
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || rgb.length != size * size * 3) {
        fail(
            "ffmpeg could not decode "
                + source
                + " ("
                + String.join(" ", command)
                + "): exit "
                + (p.isAlive() ? "none" : p.exitValue())
                + ", "
                + rgb.length
                + " bytes");
      }
      float[] values = new float[rgb.length];
      for (int i = 0; i < rgb.length; i++) {
        values[i] = (rgb[i] & 0xff) / 255f;
      }
      return values;
    } catch (IOException e) {
      return fail(
          "cannot run ffmpeg (Debian package ffmpeg; ./scripts/setup.sh installs it): "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while decoding " + source);
    }
  }

  private static void require(Path file, String debianPackage) {
    if (!Files.isRegularFile(file)) {
      fail(
          file
              + " is missing; it comes with the Debian package "
              + debianPackage
              + ": run ./scripts/setup.sh");
    }
  }
}

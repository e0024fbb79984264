package io.gradstream.explain.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.gradstream.explain.graph.FloatTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real 640x640 frames as the detector's input ({@code [1, 3, 640, 640]} RGB in 0–1), decoded with
 * the ffmpeg command line as inference's tests do, so explain needs no video library.
 */
public final class Frames {
  public static final int SIZE = 640;
  public static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
  public static final Path DOG = Path.of("/usr/share/darknet/data/dog.jpg");

  private Frames() {}

  /** Frame {@code index} of vtest.avi letterboxed as YOLOv5 does (640x480 centred on gray 114). */
  public static FloatTensor vtest(int index) {
    require(VTEST, "opencv-doc");
    return decode(
        VTEST,
        "select=eq(n\\,"
            + index
            + "),scale=640:480:flags=bilinear,pad=640:640:0:80:color=0x727272");
  }

  /** darknet's dog.jpg (a dog, a bicycle and a truck) stretched to 640x640. */
  public static FloatTensor dog() {
    require(DOG, "darknet");
    return decode(DOG, "scale=640:640:flags=bilinear");
  }

  private static FloatTensor decode(Path source, String filter) {
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
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || rgb.length != SIZE * SIZE * 3) {
        fail(
            "ffmpeg could not decode "
                + source
                + ": exit "
                + (p.isAlive() ? "none" : p.exitValue())
                + ", "
                + rgb.length
                + " bytes");
      }
      // HWC bytes to CHW floats: the ONNX model takes NCHW.
      float[] chw = new float[rgb.length];
      int plane = SIZE * SIZE;
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          chw[c * plane + i] = (rgb[i * 3 + c] & 0xff) / 255f;
        }
      }
      return new FloatTensor(new long[] {1, 3, SIZE, SIZE}, chw);
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

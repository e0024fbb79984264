package io.gradstream.inference.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.gradstream.inference.detect.BgrImage;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Copies between {@link BgrImage} (a plain Java array the rest of gradstream can hold on to) and
 * OpenCV's native {@link Mat}. Callers own the returned Mat; open a {@link
 * org.bytedeco.javacpp.PointerScope} around the work so native memory is freed promptly.
 */
public final class BgrMats {
  private BgrMats() {}

  /** A new 8-bit, 3-channel Mat holding a copy of {@code image}'s pixels. */
  public static Mat toMat(BgrImage image) {
    Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
    mat.data().put(image.pixels());
    return mat;
  }

  /** A copy of an 8-bit, 3-channel Mat's pixels. */
  public static BgrImage toImage(Mat mat) {
    if (mat.channels() != 3 || mat.depth() != 0) {
      throw new IllegalArgumentException(
          "expected an 8-bit 3-channel BGR Mat, got "
              + mat.channels()
              + " channels, depth "
              + mat.depth());
    }
    // Row padding (a sub-matrix view) would break the flat copy below; clone() makes it continuous.
    Mat continuous = mat.isContinuous() ? mat : mat.clone();
    byte[] pixels = new byte[mat.rows() * mat.cols() * 3];
    continuous.data().get(pixels);
    return new BgrImage(mat.cols(), mat.rows(), pixels);
  }
}

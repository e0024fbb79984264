package io.gradstream.inference.image;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.gradstream.common.image.LetterboxPlacement;
import io.gradstream.inference.detect.BgrImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * YOLO pre-processing of one frame into one slot of an NCHW float batch: resize keeping the aspect
 * ratio (OpenCV, bilinear, as the YOLO exporters train and validate), centre on a square of grey
 * 114 (the padding value YOLO models were trained with, so the border looks like "nothing"), BGR to
 * RGB, scale to 0-1.
 */
public final class Letterbox {
  /** The grey YOLO pads with, per channel. */
  public static final int PAD_VALUE = 114;

  private static final float[] UNIT = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      UNIT[i] = i / 255f;
    }
  }

  private final int size;

  /**
   * @param size side of the square model input in pixels
   */
  public Letterbox(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("letterbox size must be positive, got " + size);
    }
    this.size = size;
  }

  /** Side of the square model input. */
  public int size() {
    return size;
  }

  /** Floats one image takes in the batch: {@code 3 * size * size}. */
  public int floatsPerImage() {
    return 3 * size * size;
  }

  /** Where a {@code width x height} frame lands in the input, without touching pixels. */
  public LetterboxTransform geometry(int width, int height) {
    LetterboxPlacement p = LetterboxPlacement.of(size, width, height);
    return new LetterboxTransform(
        width, height, size, p.resizedWidth(), p.resizedHeight(), p.padLeft(), p.padTop());
  }

  /**
   * Writes {@code image}, letterboxed, as RGB planes scaled to 0-1 into slot {@code slot} of {@code
   * batch} (floats {@code slot * floatsPerImage()} onwards; the buffer's position is not used or
   * moved).
   *
   * @return how the frame was placed, to map the model's boxes back
   */
  public LetterboxTransform apply(BgrImage image, FloatBuffer batch, int slot) {
    LetterboxTransform t = geometry(image.width(), image.height());
    byte[] bgr = resized(image, t);
    int plane = size * size;
    int base = slot * 3 * plane;
    int w = t.resizedWidth();
    int left = t.padLeft();
    int right = size - left - w;
    // Row by row with bulk puts: no 3*size*size temporary array, and a direct buffer (the detector
    // hands ONNX Runtime one without copying) takes absolute bulk puts at memory speed.
    float[] grey = new float[size];
    Arrays.fill(grey, UNIT[PAD_VALUE]);
    float[] r = new float[size];
    float[] g = new float[size];
    float[] b = new float[size];
    System.arraycopy(grey, 0, r, 0, left);
    System.arraycopy(grey, 0, g, 0, left);
    System.arraycopy(grey, 0, b, 0, left);
    System.arraycopy(grey, 0, r, left + w, right);
    System.arraycopy(grey, 0, g, left + w, right);
    System.arraycopy(grey, 0, b, left + w, right);
    for (int y = 0; y < size; y++) {
      int row = y - t.padTop();
      int dst = base + y * size;
      if (row < 0 || row >= t.resizedHeight()) {
        batch.put(dst, grey);
        batch.put(dst + plane, grey);
        batch.put(dst + 2 * plane, grey);
        continue;
      }
      for (int x = 0, src = row * w * 3; x < w; x++, src += 3) {
        b[left + x] = UNIT[bgr[src] & 0xFF];
        g[left + x] = UNIT[bgr[src + 1] & 0xFF];
        r[left + x] = UNIT[bgr[src + 2] & 0xFF];
      }
      batch.put(dst, r); // R plane first: the models take RGB
      batch.put(dst + plane, g);
      batch.put(dst + 2 * plane, b);
    }
    return t;
  }

  private static byte[] resized(BgrImage image, LetterboxTransform t) {
    if (t.resizedWidth() == image.width() && t.resizedHeight() == image.height()) {
      return image.pixels();
    }
    try (PointerScope scope = new PointerScope()) {
      Mat src = BgrMats.toMat(image);
      Mat dst = new Mat();
      resize(src, dst, new Size(t.resizedWidth(), t.resizedHeight()), 0, 0, INTER_LINEAR);
      return BgrMats.toImage(dst).pixels();
    }
  }
}

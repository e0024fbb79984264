package io.gradstream.inference.detect;

/**
 * A decoded frame: row-major BGR, 3 bytes per pixel, no padding between rows.
 *
 * @param width pixels
 * @param height pixels
 * @param pixels {@code width * height * 3} bytes
 */
public record BgrImage(int width, int height, byte[] pixels) {

  public BgrImage {
    if (width <= 0 || height <= 0 || pixels.length != width * height * 3) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " BGR image needs "
              + width * height * 3
              + " bytes, got "
              + pixels.length);
    }
  }
}

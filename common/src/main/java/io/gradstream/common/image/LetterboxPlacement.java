package io.gradstream.common.image;

/**
 * Where a frame lands inside a square model input when it is letterboxed: scaled to fit, keeping
 * its aspect ratio, and centred between grey bars. The inference worker places frames this way, and
 * the publisher uses the same placement to lay a map (which covers the whole input) back over the
 * frame.
 *
 * @param sourceWidth frame width in pixels
 * @param sourceHeight frame height in pixels
 * @param size side of the square model input
 * @param resizedWidth width of the frame inside the input
 * @param resizedHeight height of the frame inside the input
 * @param padLeft grey columns left of the frame
 * @param padTop grey rows above the frame
 */
public record LetterboxPlacement(
    int sourceWidth,
    int sourceHeight,
    int size,
    int resizedWidth,
    int resizedHeight,
    int padLeft,
    int padTop) {

  /** The placement of a {@code width x height} frame in a {@code size x size} input. */
  public static LetterboxPlacement of(int size, int width, int height) {
    if (size <= 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "letterbox sizes must be positive, got input "
              + size
              + " and frame "
              + width
              + "x"
              + height);
    }
    float scale = Math.min((float) size / width, (float) size / height);
    int resizedWidth = clamp(Math.round(width * scale), size);
    int resizedHeight = clamp(Math.round(height * scale), size);
    return new LetterboxPlacement(
        width,
        height,
        size,
        resizedWidth,
        resizedHeight,
        (size - resizedWidth) / 2,
        (size - resizedHeight) / 2);
  }

  private static int clamp(int v, int size) {
    return Math.max(1, Math.min(v, size));
  }
}

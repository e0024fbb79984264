package io.gradstream.explain.cam;

/**
 * A class-activation map at the target layer's resolution, normalised to 0–255 (row-major, one byte
 * per cell): what the worker attaches to a detection. {@code scale} is the raw value that maps to
 * 255, so maps stay comparable across detections when needed.
 *
 * @param width cells across (the target activation's W)
 * @param height cells down (the target activation's H)
 * @param pixels {@code width * height} unsigned bytes
 * @param scale the raw CAM maximum (0 for an all-zero map)
 */
public record CamMap(int width, int height, byte[] pixels, float scale) {
  public CamMap {
    if (pixels.length != width * height) {
      throw new IllegalArgumentException(
          width + "x" + height + " map needs " + width * height + " bytes, got " + pixels.length);
    }
  }

  /** The value at ({@code x}, {@code y}) in 0–255. */
  public int at(int x, int y) {
    return pixels[y * width + x] & 0xff;
  }

  /**
   * Scales {@code raw} (non-negative, row-major) so its maximum becomes 255, rounding to nearest.
   */
  public static CamMap normalise(float[] raw, int width, int height) {
    float max = 0;
    for (float v : raw) {
      max = Math.max(max, v);
    }
    byte[] pixels = new byte[raw.length];
    if (max > 0) {
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (byte) Math.round(raw[i] / max * 255f);
      }
    }
    return new CamMap(width, height, pixels, max);
  }
}

package io.gradstream.explain.reliability;

/**
 * A detection's class-wide map (Grad-CAM from its own gradient), which the map features read: raw,
 * non-negative, row-major, at {@code stride} model-input pixels per cell (a multiple of its level's
 * stride: it is computed on a coarser grid, enough for where the energy lies).
 *
 * @param raw width × height values
 * @param width cells across
 * @param height cells down
 * @param stride model-input pixels per cell
 */
public record ClassMap(float[] raw, int width, int height, int stride) {
  public ClassMap {
    if (raw.length != width * height) {
      throw new IllegalArgumentException(
          width
              + "x"
              + height
              + " class map needs "
              + width * height
              + " values, got "
              + raw.length);
    }
  }
}

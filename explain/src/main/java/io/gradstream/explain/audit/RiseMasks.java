package io.gradstream.explain.audit;

import java.util.SplittableRandom;

/**
 * RISE's random masks (Petsiuk et al. 2018, also D-RISE's): a coarse {@code s × s} grid of cells
 * kept with probability {@code p}, upsampled bilinearly to {@code (s + 1)} cells' worth of pixels
 * and cropped at a random shift of under one cell, so the kept regions are soft and fall anywhere,
 * not on a fixed lattice. One seeded generator draws every mask in turn, so a sequence is
 * reproducible whatever the batch size it is consumed in. Bilinear sampling clamps at the grid's
 * edges (the reference code reflects; the difference is a quarter cell at the border).
 */
public final class RiseMasks {
  private final int width;
  private final int height;
  private final int grid;
  private final float p;
  private final int cellW;
  private final int cellH;
  private final SplittableRandom random;
  private final float[] cells;
  private final float[] rows;

  /**
   * @param width mask width, the image's
   * @param height mask height, the image's
   * @param grid cells per side {@code s}
   * @param p probability that a cell is kept (mask 1)
   * @param seed fixes the whole sequence
   */
  public RiseMasks(int width, int height, int grid, float p, long seed) {
    if (width <= 0 || height <= 0 || grid <= 0 || !(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "masks " + width + "x" + height + ", grid " + grid + ", p " + p);
    }
    this.width = width;
    this.height = height;
    this.grid = grid;
    this.p = p;
    this.cellW = ceilDiv(width, grid);
    this.cellH = ceilDiv(height, grid);
    this.random = new SplittableRandom(seed);
    this.cells = new float[grid * grid];
    this.rows = new float[grid * width];
  }

  /** The next mask, {@code height × width} values in 0–1, row-major. */
  public float[] next() {
    float[] mask = new float[width * height];
    next(mask);
    return mask;
  }

  /** Writes the next mask into {@code mask} ({@code height × width}), saving the allocation. */
  public void next(float[] mask) {
    if (mask.length != width * height) {
      throw new IllegalArgumentException(
          "mask buffer of " + mask.length + ", need " + width * height);
    }
    for (int i = 0; i < cells.length; i++) {
      cells[i] = random.nextDouble() < p ? 1 : 0;
    }
    int shiftX = random.nextInt(cellW);
    int shiftY = random.nextInt(cellH);
    // Separable: each grid row across to full width first, then down; the upsampled canvas is
    // (grid + 1) cells wide, so a cell spans upW / grid pixels and the crop starts at the shift.
    Axis across = new Axis(width, shiftX, (grid + 1) * cellW, grid);
    for (int gy = 0; gy < grid; gy++) {
      for (int x = 0; x < width; x++) {
        rows[gy * width + x] =
            cells[gy * grid + across.lo[x]] * (1 - across.frac[x])
                + cells[gy * grid + across.hi[x]] * across.frac[x];
      }
    }
    Axis down = new Axis(height, shiftY, (grid + 1) * cellH, grid);
    for (int y = 0; y < height; y++) {
      int r0 = down.lo[y] * width;
      int r1 = down.hi[y] * width;
      float f = down.frac[y];
      int o = y * width;
      for (int x = 0; x < width; x++) {
        mask[o + x] = rows[r0 + x] * (1 - f) + rows[r1 + x] * f;
      }
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Bilinear source cells along one axis of the shifted crop. */
  private static final class Axis {
    final int[] lo;
    final int[] hi;
    final float[] frac;

    Axis(int size, int shift, int upsampled, int grid) {
      lo = new int[size];
      hi = new int[size];
      frac = new float[size];
      double scale = (double) grid / upsampled;
      for (int i = 0; i < size; i++) {
        double g = Math.min(Math.max((i + shift + 0.5) * scale - 0.5, 0), grid - 1);
        lo[i] = (int) Math.floor(g);
        hi[i] = Math.min(lo[i] + 1, grid - 1);
        frac[i] = (float) (g - lo[i]);
      }
    }
  }
}

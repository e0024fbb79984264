package io.gradstream.explain.quality;

/**
 * A detection's box in a map's cell coordinates: cell (x, y) covers [x, x+1) × [y, y+1), so a box
 * from the image scales by the map's stride (640 px / 80 cells = 8 px per cell at level 0). Edges
 * may fall inside cells and outside the map; cells count by the fraction of them the box covers.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge, ≥ x1
 * @param y2 bottom edge, ≥ y1
 */
public record CellBox(float x1, float y1, float x2, float y2) {
  public CellBox {
    if (!(x1 <= x2 && y1 <= y2)) {
      throw new IllegalArgumentException(
          "a box needs x1 <= x2 and y1 <= y2, got ("
              + x1
              + ", "
              + y1
              + ", "
              + x2
              + ", "
              + y2
              + ")");
    }
  }

  /** The fraction of cell ({@code x}, {@code y}) inside the box, in [0, 1]. */
  public float overlap(int x, int y) {
    return span(x1, x2, x) * span(y1, y2, y);
  }

  /**
   * The box's area inside a {@code width}×{@code height} map, in cells: the sum of {@link #overlap}
   * over the map's cells.
   */
  public double areaWithin(int width, int height) {
    double w = Math.max(0.0, Math.min(x2, width) - Math.max(x1, 0.0));
    double h = Math.max(0.0, Math.min(y2, height) - Math.max(y1, 0.0));
    return w * h;
  }

  private static float span(float from, float to, int cell) {
    return Math.max(0f, Math.min(to, cell + 1f) - Math.max(from, cell));
  }
}

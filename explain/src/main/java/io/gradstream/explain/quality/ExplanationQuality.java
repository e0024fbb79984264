package io.gradstream.explain.quality;

/**
 * Scores one detection's explanation: a raw non-negative map at the target activation's resolution
 * against the detection's box in the same cells. Cheap (one pass over H·W), so the worker can
 * attach it to every explained detection.
 */
public final class ExplanationQuality {
  private ExplanationQuality() {}

  /**
   * The three scores of {@link Quality}:
   *
   * <ul>
   *   <li><b>energyInBox</b> E = Σ overlap·map / Σ map: the energy-based pointing game of Score-CAM
   *       (Wang et al., 2020), with box-edge cells counted by the fraction the box covers.
   *   <li><b>concentration</b> K = 1 − H(p) / ln(H·W), with p = map / Σ map and H the Shannon
   *       entropy (nats): 1 when one cell holds everything, 0 for a flat map.
   *   <li><b>confidence</b> = lift × min(1, K / K_box), where lift = clamp((E − a) / (1 − a), 0, 1)
   *       with a the share of the map's area the box covers, and K_box = 1 − ln(max(1, box area)) /
   *       ln(H·W) is the concentration of a map spread evenly over the box.
   * </ul>
   *
   * <p>Why this confidence: lift reads as "how much of the energy that chance would put outside the
   * box the map moved into it": a flat map puts E = a in the box (lift 0), a map looking elsewhere
   * puts less (clamped to 0), and a map entirely inside the box scores 1 however large the box. The
   * damping only bites on maps more diffuse than one filling the box evenly, such as a strong peak
   * in the box over a haze across the frame; unlike a plain factor of K it does not punish large
   * objects, whose good maps are necessarily spread out. A box covering the whole map gives no
   * evidence (confidence 0). An all-zero map scores {@link Quality#NONE}.
   *
   * @param map non-negative values, row-major height × width
   * @param width cells across
   * @param height cells down
   * @param box the detection in cell coordinates
   */
  public static Quality measure(float[] map, int width, int height, CellBox box) {
    int cells = width * height;
    if (width < 1 || height < 1 || map.length != cells) {
      throw new IllegalArgumentException(
          width + "x" + height + " map needs " + cells + " values, got " + map.length);
    }
    double total = 0;
    double inBox = 0;
    // Most cells of an instance map are zero: only the others need the box's overlap.
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float m = map[y * width + x];
        if (m == 0) {
          continue;
        }
        if (!(m > 0) || Float.isInfinite(m)) {
          throw new IllegalArgumentException(
              "map value " + m + " at (" + x + ", " + y + ") is not a finite non-negative number");
        }
        total += m;
        inBox += box.overlap(x, y) * m;
      }
    }
    double boxArea = box.areaWithin(width, height);
    if (total == 0) {
      return Quality.NONE;
    }
    double energyInBox = Math.min(1, inBox / total);
    double concentration = concentration(map, total, cells);
    double areaShare = boxArea / cells;
    double lift = areaShare >= 1 ? 0 : clamp((energyInBox - areaShare) / (1 - areaShare));
    double boxConcentration = cells == 1 ? 1 : 1 - Math.log(Math.max(1, boxArea)) / Math.log(cells);
    double damping = boxConcentration <= 0 ? 1 : Math.min(1, concentration / boxConcentration);
    return new Quality((float) energyInBox, (float) concentration, (float) (lift * damping));
  }

  /** 1 − entropy / ln(cells) of the map as a distribution; a one-cell map is a single peak. */
  private static double concentration(float[] map, double total, int cells) {
    if (cells == 1) {
      return 1;
    }
    double entropy = 0;
    for (float m : map) {
      if (m > 0) {
        double p = m / total;
        entropy -= p * Math.log(p);
      }
    }
    return clamp(1 - entropy / Math.log(cells));
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}

package io.gradstream.explain.faithfulness;

import io.gradstream.explain.audit.Box;
import io.gradstream.explain.audit.SaliencyMap;
import java.util.SplittableRandom;

/**
 * Reference maps a faithfulness study compares explainers against: one that knows nothing (uniform
 * random) and one that knows only where the box is (a Gaussian on its centre). An explainer worth
 * its cost beats the first clearly and the second at least sometimes.
 */
public final class Baselines {
  private Baselines() {}

  /** Independent uniform 0–1 values per pixel, fixed by {@code seed}. */
  public static SaliencyMap random(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[width * height];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble();
    }
    return new SaliencyMap(width, height, values);
  }

  /**
   * An axis-aligned Gaussian on the box centre, σx = width/4 and σy = height/4, peak 1: ±2σ per
   * axis puts about 91% of its mass inside the box, the rest on the context just outside.
   * Degenerate boxes get σ of at least one pixel.
   */
  public static SaliencyMap boxGaussian(Box box, int width, int height) {
    double sx = Math.max(box.width() / 4.0, 1);
    double sy = Math.max(box.height() / 4.0, 1);
    double[] gx = new double[width];
    for (int x = 0; x < width; x++) {
      double d = (x + 0.5 - box.centreX()) / sx;
      gx[x] = Math.exp(-0.5 * d * d);
    }
    float[] values = new float[width * height];
    for (int y = 0; y < height; y++) {
      double d = (y + 0.5 - box.centreY()) / sy;
      double gy = Math.exp(-0.5 * d * d);
      for (int x = 0; x < width; x++) {
        values[y * width + x] = (float) (gx[x] * gy);
      }
    }
    return new SaliencyMap(width, height, values);
  }
}

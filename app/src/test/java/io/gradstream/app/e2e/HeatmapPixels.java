package io.gradstream.app.e2e;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Measures how much of a screenshot region carries the jet heatmap's tint. Most of a Grad-CAM map
 * is cold, and jet's cold end is pure blue (0, 0, 128-255): blended at 0.45 it lifts blue at least
 * 57 above red and green, over grass, pavement and walls alike. The demo footage itself has almost
 * no pixel whose blue beats both other channels by that much (a pale-blue car at most), and the
 * class colours of the boxes over people and cars are red, orange and green.
 */
final class HeatmapPixels {
  /** How far blue must exceed both red and green for a pixel to count as heatmap-tinted. */
  static final int MIN_BLUE_LEAD = 20;

  private HeatmapPixels() {}

  /**
   * The share (0-1) of pixels in {@code region} of {@code image} whose blue leads red and green by
   * {@link #MIN_BLUE_LEAD}.
   */
  static double share(BufferedImage image, Rectangle region) {
    Rectangle r = region.intersection(new Rectangle(0, 0, image.getWidth(), image.getHeight()));
    if (r.isEmpty()) {
      throw new IllegalArgumentException(
          "region "
              + region
              + " is outside the "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + " screenshot");
    }
    long tinted = 0;
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        int rgb = image.getRGB(x, y);
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        if (blue - Math.max(red, green) >= MIN_BLUE_LEAD) {
          tinted++;
        }
      }
    }
    return (double) tinted / ((long) r.width * r.height);
  }
}

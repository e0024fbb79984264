package io.gradstream.explain.quality;

/**
 * How well one detection's explanation map points at the detection, each in [0, 1].
 *
 * @param energyInBox the share of the map's energy inside the box (energy-based pointing game)
 * @param concentration 1 for a single peak, 0 for a flat map
 * @param confidence the box's energy beyond chance, damped for maps more diffuse than the box; see
 *     {@link ExplanationQuality#measure}
 */
public record Quality(float energyInBox, float concentration, float confidence) {
  /** What an all-zero map scores: it explains nothing. */
  public static final Quality NONE = new Quality(0f, 0f, 0f);
}

package io.gradstream.explain.reliability;

import java.util.EnumMap;
import java.util.Map;

/**
 * The reliability features of one detection, one value per {@link Feature} in declaration order.
 *
 * @param values finite numbers, {@code Feature.values().length} of them
 */
public record DetectionFeatures(double[] values) {
  public DetectionFeatures {
    if (values.length != Feature.values().length) {
      throw new IllegalArgumentException(
          Feature.values().length + " features expected, got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "feature " + Feature.values()[i].key() + " is " + values[i]);
      }
    }
  }

  /** The value of {@code f}. */
  public double get(Feature f) {
    return values[f.ordinal()];
  }

  /**
   * These features with the object's track history in place of the first-sighting values the
   * extractor gives.
   *
   * @param frames frames the tracker has matched the object in, this one included (at least 1)
   * @param meanScore its mean detector score over those frames
   */
  public DetectionFeatures withTrack(int frames, double meanScore) {
    if (frames < 1) {
      throw new IllegalArgumentException("a track has at least one frame, got " + frames);
    }
    double[] v = values.clone();
    v[Feature.TRACK_LENGTH.ordinal()] = Math.log(frames);
    v[Feature.TRACK_MEAN_SCORE.ordinal()] = meanScore;
    return new DetectionFeatures(v);
  }

  /** By feature, for reports. */
  public Map<Feature, Double> asMap() {
    Map<Feature, Double> m = new EnumMap<>(Feature.class);
    for (Feature f : Feature.values()) {
      m.put(f, values[f.ordinal()]);
    }
    return m;
  }
}

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

  /** By feature, for reports. */
  public Map<Feature, Double> asMap() {
    Map<Feature, Double> m = new EnumMap<>(Feature.class);
    for (Feature f : Feature.values()) {
      m.put(f, values[f.ordinal()]);
    }
    return m;
  }
}

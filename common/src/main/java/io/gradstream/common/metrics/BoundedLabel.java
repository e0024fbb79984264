package io.gradstream.common.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one metric label may take, capped so that data from outside (camera ids read from
 * Kafka, say) cannot grow the number of time series without bound. The first {@code cap} distinct
 * values are kept as they are; every later one is reported as {@link #OTHER}, and a missing or
 * blank value as {@link #UNKNOWN}. Thread-safe; a value once admitted keeps its own label for the
 * life of the object.
 */
public final class BoundedLabel {
  /** The label of every value past the cap. */
  public static final String OTHER = "other";

  /** The label of a missing or blank value (a record whose camera could not be read). */
  public static final String UNKNOWN = "unknown";

  /**
   * Distinct cameras a role labels by id before the rest share {@link #OTHER}: a large fleet per
   * process.
   */
  public static final int MAX_CAMERAS = 256;

  private final int cap;
  private final Map<String, String> admitted = new ConcurrentHashMap<>();

  /** A label keeping at most {@code cap} distinct values. */
  public BoundedLabel(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException(
          "a label must keep at least one value, got a cap of " + cap);
    }
    this.cap = cap;
  }

  /** A camera label keeping {@link #MAX_CAMERAS} ids. */
  public static BoundedLabel cameras() {
    return new BoundedLabel(MAX_CAMERAS);
  }

  /**
   * The label value for {@code raw}: itself while under the cap, else {@link #OTHER}; blank is
   * {@link #UNKNOWN}.
   */
  public String of(String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    String known = admitted.get(raw);
    if (known != null) {
      return known;
    }
    synchronized (admitted) {
      // Checked again under the lock so that racing threads never admit more than the cap.
      known = admitted.get(raw);
      if (known != null) {
        return known;
      }
      if (admitted.size() >= cap) {
        return OTHER;
      }
      admitted.put(raw, raw);
      return raw;
    }
  }
}

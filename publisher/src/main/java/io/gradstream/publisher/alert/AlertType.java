package io.gradstream.publisher.alert;

/** What an alert is about; {@link #wireName()} is its {@code type} in the JSON and the metrics. */
public enum AlertType {
  /** The explanation's confidence stayed below a threshold for several frames of one track. */
  LOW_CONFIDENCE("low-confidence"),
  /**
   * A high score while little of the map's energy lies inside the box: right for the wrong reasons.
   */
  WRONG_REASONS("wrong-reasons"),
  /** A track that held one class was given another. */
  CLASS_FLIP("class-flip");

  private final String wireName;

  AlertType(String wireName) {
    this.wireName = wireName;
  }

  /** The type named {@code wireName}, e.g. {@code class-flip}. */
  public static AlertType fromWireName(String wireName) {
    for (AlertType type : values()) {
      if (type.wireName.equals(wireName)) {
        return type;
      }
    }
    throw new IllegalArgumentException("no alert type '" + wireName + "'");
  }

  /** The name used in alert JSON and metric tags, e.g. {@code wrong-reasons}. */
  public String wireName() {
    return wireName;
  }
}

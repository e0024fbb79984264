package io.gradstream.publisher.alert.webhook;

/**
 * How one alert's delivery to one webhook ended; the {@code outcome} tag of the deliveries metric.
 */
public enum WebhookOutcome {
  /** A 2xx answer. */
  DELIVERED("delivered"),
  /** A 3xx or 4xx (other than 408 and 429) answer: retrying will not help, so it is not retried. */
  REJECTED("rejected"),
  /** Every attempt failed with a 5xx, 408, 429, a timeout or a network error. */
  GAVE_UP("gave-up"),
  /** The publisher stopped while retries were pending. */
  ABANDONED("abandoned"),
  /**
   * The target's host resolved to a non-public address (or its scheme is not allowed) when the
   * attempt was about to be made: not sent, not retried. See {@code
   * publisher.alerts.webhook-targets}.
   */
  REFUSED("refused");

  private final String tag;

  WebhookOutcome(String tag) {
    this.tag = tag;
  }

  /** The metric tag value. */
  public String tag() {
    return tag;
  }
}

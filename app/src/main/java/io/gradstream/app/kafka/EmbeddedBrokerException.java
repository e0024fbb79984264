package io.gradstream.app.kafka;

/**
 * The embedded Kafka broker could not start or did not become ready, for a reason that is not a
 * configuration value (those are reported as {@link io.gradstream.common.config.ConfigException}).
 */
public final class EmbeddedBrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its cause. */
  public EmbeddedBrokerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure without an underlying exception. */
  public EmbeddedBrokerException(String message) {
    super(message);
  }
}

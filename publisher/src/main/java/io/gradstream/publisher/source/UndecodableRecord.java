package io.gradstream.publisher.source;

/**
 * A record that is not the message its topic carries; the message says why, for the dead-letter
 * reason header.
 */
final class UndecodableRecord extends Exception {
  private static final long serialVersionUID = 1L;

  UndecodableRecord(String reason, Throwable cause) {
    super(reason, cause);
  }
}

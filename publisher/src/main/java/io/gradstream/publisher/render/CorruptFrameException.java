package io.gradstream.publisher.render;

/**
 * A frame or map whose bytes do not decode; the publisher skips it and counts it, it never stops.
 */
public final class CorruptFrameException extends RuntimeException {
  public CorruptFrameException(String message) {
    super(message);
  }
}

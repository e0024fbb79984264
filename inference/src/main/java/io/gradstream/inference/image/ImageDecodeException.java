package io.gradstream.inference.image;

/**
 * A frame's bytes could not be turned into pixels. The message says what was wrong with the bytes;
 * the worker sends such a frame to the dead-letter topic and carries on.
 */
public final class ImageDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}

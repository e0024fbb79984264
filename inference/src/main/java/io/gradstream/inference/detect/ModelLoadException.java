package io.gradstream.inference.detect;

/**
 * A detector model could not be loaded. The message names the file, what is wrong with it and what
 * to do; it is meant to be shown to the operator as it is.
 */
public final class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.gradstream.inference.detect;

import io.gradstream.inference.model.ModelException;

/**
 * A detector model could not be loaded. The message names the file, what is wrong with it and what
 * to do; it is meant to be shown to the operator as it is.
 */
public final class ModelLoadException extends ModelException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.gradstream.inference.model;

/**
 * A model file that cannot be read, converted or understood. The message is meant for an operator:
 * it names the file (or the graph node) and says what is wrong with it.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}

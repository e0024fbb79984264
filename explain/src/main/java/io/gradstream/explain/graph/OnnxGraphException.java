package io.gradstream.explain.graph;

/**
 * A model that cannot be read, cut, extended or compiled as asked; the message says which value or
 * node.
 */
public class OnnxGraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxGraphException(String message) {
    super(message);
  }

  public OnnxGraphException(String message, Throwable cause) {
    super(message, cause);
  }
}

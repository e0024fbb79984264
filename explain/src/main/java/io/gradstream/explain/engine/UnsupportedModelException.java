package io.gradstream.explain.engine;

import io.gradstream.explain.graph.OnnxGraphException;

/**
 * The detector's head is not one the gradient explainer can handle; the message says what to use
 * instead.
 */
public final class UnsupportedModelException extends OnnxGraphException {
  private static final long serialVersionUID = 1L;

  public UnsupportedModelException(String message) {
    super(message);
  }
}

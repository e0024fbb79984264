package io.gradstream.inference.detect;

/** The runtime failed while running a loaded model on a batch; the batch has no results. */
public final class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}

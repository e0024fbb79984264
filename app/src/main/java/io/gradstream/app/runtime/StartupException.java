package io.gradstream.app.runtime;

/** gradstream could not start; the message says why and what to do, for the operator. */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}

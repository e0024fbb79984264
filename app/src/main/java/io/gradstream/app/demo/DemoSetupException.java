package io.gradstream.app.demo;

/**
 * The demo cannot run: a tool or file it needs is missing, or the demo RTSP server did not come up.
 * The message says what is wrong and how to fix it, so callers can print it without a stack trace.
 */
public final class DemoSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How to install everything the demo needs; appended to every "missing" message. */
  static final String FIX =
      "run ./scripts/setup.sh, or: sudo apt-get install rtsp-server-perl ffmpeg opencv-doc";

  public DemoSetupException(String message) {
    super(message);
  }

  public DemoSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.gradstream.ingest.source;

import io.gradstream.common.retry.PermanentFailure;
import java.io.IOException;

/**
 * A camera source could not be opened or read. The message is for operators: it says what went
 * wrong in plain words, never carries credentials, and {@link #isPermanent()} tells whether
 * retrying can help (a missing file cannot; a refused connection can).
 */
public final class SourceException extends IOException implements PermanentFailure {
  private static final long serialVersionUID = 1L;
  private final boolean permanent;

  public SourceException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** True when retrying the same source cannot succeed without an operator's fix. */
  @Override
  public boolean isPermanent() {
    return permanent;
  }
}

package io.gradstream.ingest.capture;

import java.util.Locale;

/** Why a captured frame did not reach Kafka. */
public enum DropReason {
  /** Larger than kafka.max-message-bytes. */
  TOO_LARGE,
  /** The broker could not be reached or refused the write in time. */
  KAFKA;

  /** The metric label value. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

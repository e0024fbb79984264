package io.gradstream.ingest.capture;

/** Where a camera's ingest stands. */
public enum CameraState {
  /** Opening the source. */
  CONNECTING,
  /** Frames are flowing. */
  STREAMING,
  /** The source failed; waiting before the next attempt. */
  BACKOFF,
  /** The source cannot work without an operator's fix (e.g. a missing file); no more attempts. */
  FAILED,
  /** A file source without looping reached its end. */
  FINISHED,
  /** Ingest for this camera was stopped. */
  STOPPED
}

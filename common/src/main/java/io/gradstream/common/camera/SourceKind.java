package io.gradstream.common.camera;

/** The kinds of camera source ingest reads. */
public enum SourceKind {
  RTSP,
  RTMP,
  HTTP,
  FILE;

  /** Whether the source is live (a network stream) rather than a file read at its own pace. */
  public boolean isLive() {
    return this != FILE;
  }
}

package io.gradstream.inference.track;

/** Where a track is in its life. */
enum TrackState {
  /**
   * Seen in fewer than {@code confirmHits} frames in a row; has no id yet and dies at its first
   * miss.
   */
  TENTATIVE,
  /** Matched in the latest frame; has an id. */
  TRACKED,
  /**
   * Confirmed once, unmatched in the latest frames; kept for {@code maxAge} frames to be found
   * again.
   */
  LOST
}

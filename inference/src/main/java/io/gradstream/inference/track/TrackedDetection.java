package io.gradstream.inference.track;

import io.gradstream.inference.detect.Detection;

/**
 * A detection with the track that followed it.
 *
 * @param detection as the detector reported it
 * @param trackId stable per camera while the tracker follows the object; 0 when no confirmed track
 *     has it (a new object in its first frames, or a box too weak to follow)
 */
public record TrackedDetection(Detection detection, long trackId) {

  /** Whether a confirmed track follows this detection. */
  public boolean tracked() {
    return trackId != 0;
  }
}

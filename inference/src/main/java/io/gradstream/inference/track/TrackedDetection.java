package io.gradstream.inference.track;

import io.gradstream.inference.detect.Detection;

/**
 * A detection with the track that followed it.
 *
 * @param detection as the detector reported it
 * @param trackId stable per camera while the tracker follows the object; 0 when no confirmed track
 *     has it (a new object in its first frames, or a box too weak to follow)
 * @param frames frames the tracker has matched the object in, this one included, tentative ones
 *     too: 1 when it is first seen or nothing follows it
 * @param meanScore the object's mean detector score over those frames
 */
public record TrackedDetection(Detection detection, long trackId, int frames, double meanScore) {

  /** A detection seen for the first time, or followed by nothing. */
  public static TrackedDetection firstSeen(Detection detection, long trackId) {
    return new TrackedDetection(detection, trackId, 1, detection.score());
  }

  /** Whether a confirmed track follows this detection. */
  public boolean tracked() {
    return trackId != 0;
  }
}

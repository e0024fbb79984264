package io.gradstream.inference.track;

/**
 * How the tracker associates detections with tracks (ByteTrack's two-stage association).
 *
 * @param highScore detections at or above this score take part in the first association and may
 *     start tracks
 * @param lowScore detections between this and {@code highScore} only extend tracks that are already
 *     followed (ByteTrack's "low" detections: an occluded object's score dips, its box is still
 *     right); below it they are ignored
 * @param newTrackScore an unmatched detection at or above this score starts a tentative track;
 *     below {@code highScore}, low-score detections may start tracks too (see {@link
 *     CameraTracker})
 * @param highMinIou least overlap between a track's predicted box and a high-score detection to
 *     match
 * @param lowMinIou least overlap for a low-score detection; stricter, since low scores are often
 *     noise
 * @param confirmHits frames in a row a new track must be matched before it gets an id
 * @param maxAge frames a followed track may go unmatched before it is dropped
 */
public record TrackerConfig(
    double highScore,
    double lowScore,
    double newTrackScore,
    double highMinIou,
    double lowMinIou,
    int confirmHits,
    int maxAge) {

  public TrackerConfig {
    if (!(0 <= lowScore && lowScore <= highScore && highScore <= 1)) {
      throw new IllegalArgumentException(
          "need 0 <= lowScore <= highScore <= 1, got " + lowScore + ", " + highScore);
    }
    if (newTrackScore < lowScore || newTrackScore > 1) {
      throw new IllegalArgumentException(
          "newTrackScore must be between lowScore and 1, got " + newTrackScore);
    }
    if (!(0 < highMinIou && highMinIou < 1 && 0 < lowMinIou && lowMinIou < 1)) {
      throw new IllegalArgumentException("IoU thresholds must be between 0 and 1");
    }
    if (confirmHits < 1 || maxAge < 0) {
      throw new IllegalArgumentException("confirmHits must be >= 1 and maxAge >= 0");
    }
  }

  /**
   * ByteTrack's published settings (match thresholds 0.8/0.5/0.7 on 1 - IoU), adjusted for
   * gradstream's detector threshold of 0.25 and 10 fps cameras: any detection the detector reports
   * at its default threshold may start a track (ByteTrack: 0.6), so that each can be alerted on; 3
   * hits confirm a track (0.3 s), and a lost track is kept for 30 frames (3 s), long enough for a
   * pedestrian to pass behind another.
   */
  public static TrackerConfig defaults() {
    return new TrackerConfig(0.5, 0.1, 0.25, 0.2, 0.5, 3, 30);
  }
}

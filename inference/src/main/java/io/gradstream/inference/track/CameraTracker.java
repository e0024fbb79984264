package io.gradstream.inference.track;

import io.gradstream.inference.detect.Detection;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracks of one camera, updated once per frame in frame order (ByteTrack's association):
 *
 * <ol>
 *   <li>high-score detections against followed and lost tracks;
 *   <li>low-score detections against the followed tracks still unmatched (an occluded object's
 *       score dips, its box is still right);
 *   <li>the remaining high-score detections against tentative tracks;
 *   <li>the remaining low-score detections against the tentative tracks still unmatched, which die;
 *   <li>unmatched detections at or above {@code newTrackScore} start tentative tracks.
 * </ol>
 *
 * Unlike ByteTrack, whose new tracks need a high score, a low-score detection may start a track
 * (when {@code newTrackScore} is below {@code highScore}, as by default): a false detection rarely
 * scores high, and the alert rules judge tracks, so a detection that can never be on a track can
 * never be alerted on. Noise still has to be matched {@code confirmHits} frames in a row, at the
 * stricter low-score overlap, before it gets an id.
 *
 * <p>Not thread-safe: one camera's frames are tracked one after another.
 */
public final class CameraTracker {
  private final TrackerConfig config;
  private final IdSequence ids;
  private final List<Track> tracks = new ArrayList<>();

  /** A tracker with no tracks yet; ids start at 1. */
  public CameraTracker(TrackerConfig config) {
    this(config, new IdSequence());
  }

  private CameraTracker(TrackerConfig config, IdSequence ids) {
    this.config = config;
    this.ids = ids;
  }

  /**
   * A tracker that goes on from where another worker left the camera: its confirmed tracks, with
   * their ids, lengths and motion, and its id sequence. A track counts as missed for the frames
   * between the one it was last matched in and {@code firstSeq}, and one missed for longer than
   * {@code maxAge} is not taken over.
   *
   * @param firstSeq the first frame this tracker will see
   */
  public static CameraTracker resume(TrackerConfig config, TrackHandover handover, long firstSeq) {
    CameraTracker tracker = new CameraTracker(config, new IdSequence(handover.nextId()));
    for (TrackHandover.HandedTrack t : handover.tracks()) {
      long missed = Math.max(0, firstSeq - 1 - t.lastSeq());
      if (missed <= config.maxAge()) {
        tracker.tracks.add(new Track(t, (int) missed));
      }
    }
    return tracker;
  }

  /** The id the next confirmed track gets. */
  public long nextId() {
    return ids.peek();
  }

  /**
   * Tracks one frame's detections.
   *
   * @return the same detections in the same order, each with its track id (0 when untracked)
   */
  public List<TrackedDetection> update(List<Detection> detections) {
    List<Detection> high = new ArrayList<>();
    List<Detection> low = new ArrayList<>();
    for (Detection d : detections) {
      if (d.score() >= config.highScore()) {
        high.add(d);
      } else if (d.score() >= config.lowScore()) {
        low.add(d);
      }
    }
    Map<Detection, Track> owner = new IdentityHashMap<>();
    List<Track> confirmed = tracks.stream().filter(t -> t.state() != TrackState.TENTATIVE).toList();
    List<Track> tentative = tracks.stream().filter(t -> t.state() == TrackState.TENTATIVE).toList();

    List<Track> unmatchedConfirmed = new ArrayList<>();
    List<Detection> highLeft =
        assign(confirmed, high, config.highMinIou(), owner, unmatchedConfirmed);
    // Only tracks followed until the last frame take low boxes: a lost track plus a weak box is
    // mostly noise.
    List<Track> followed =
        unmatchedConfirmed.stream().filter(t -> t.state() == TrackState.TRACKED).toList();
    List<Track> stillUnmatched =
        new ArrayList<>(
            unmatchedConfirmed.stream().filter(t -> t.state() != TrackState.TRACKED).toList());
    List<Detection> lowLeft = assign(followed, low, config.lowMinIou(), owner, stillUnmatched);
    List<Track> tentativeLeft = new ArrayList<>();
    highLeft = assign(tentative, highLeft, config.highMinIou(), owner, tentativeLeft);
    List<Track> unmatchedTentative = new ArrayList<>();
    lowLeft = assign(tentativeLeft, lowLeft, config.lowMinIou(), owner, unmatchedTentative);

    for (Track t : stillUnmatched) {
      t.markMissed();
    }
    tracks.removeAll(unmatchedTentative);
    tracks.removeIf(t -> t.state() == TrackState.LOST && t.missedFrames() > config.maxAge());
    for (Detection d : concat(highLeft, lowLeft)) {
      if (d.score() >= config.newTrackScore()) {
        Track born = new Track(d);
        if (config.confirmHits() <= 1) {
          born.confirmNow(ids);
        }
        tracks.add(born);
        owner.put(d, born);
      }
    }

    List<TrackedDetection> out = new ArrayList<>(detections.size());
    for (Detection d : detections) {
      Track t = owner.get(d);
      out.add(
          t == null
              ? TrackedDetection.firstSeen(d, 0)
              : new TrackedDetection(d, t.id(), t.hits(), t.meanScore()));
    }
    return out;
  }

  private static List<Detection> concat(List<Detection> a, List<Detection> b) {
    List<Detection> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Tracks alive now (followed, lost or tentative), for tests and metrics. */
  public int size() {
    return tracks.size();
  }

  /**
   * Matches {@code candidates} to {@code detections}, updates the matched tracks, records owners,
   * adds the unmatched tracks to {@code unmatched} and returns the detections left over.
   */
  private List<Detection> assign(
      List<Track> candidates,
      List<Detection> detections,
      double minIou,
      Map<Detection, Track> owner,
      List<Track> unmatched) {
    int[] match = Association.match(candidates, detections, minIou);
    boolean[] taken = new boolean[detections.size()];
    for (int i = 0; i < candidates.size(); i++) {
      Track track = candidates.get(i);
      if (match[i] >= 0) {
        Detection d = detections.get(match[i]);
        track.matched(d, config.confirmHits(), ids);
        owner.put(d, track);
        taken[match[i]] = true;
      } else {
        unmatched.add(track);
      }
    }
    List<Detection> left = new ArrayList<>();
    for (int d = 0; d < detections.size(); d++) {
      if (!taken[d]) {
        left.add(detections.get(d));
      }
    }
    return left;
  }
}

package io.gradstream.publisher.alert;

import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.publisher.alert.rule.AlertRule;
import io.gradstream.publisher.alert.rule.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the rules over each frame's tracked detections and applies the per-(track, rule) cooldown.
 * All time is the frames' capture time, so replaying the same frames raises the same alerts. Tracks
 * not seen for {@code trackIdleMicros} of their camera's time are forgotten, and at most {@link
 * #MAX_TRACKS} are held per camera, so memory stays bounded. Untracked detections (track id 0) are
 * skipped: without a track there is no "k frames in a row". Not thread-safe: the engine calls it
 * from one thread.
 */
public final class AlertEvaluator {
  /** Tracks remembered per camera at most; the longest unseen goes first. */
  static final int MAX_TRACKS = 4_096;

  private final List<AlertRule> rules;
  private final long cooldownMicros;
  private final long trackIdleMicros;
  private final Map<String, Map<TrackKey, TrackAlertState>> cameras = new HashMap<>();

  /** What one frame gave: the alerts to send, and episodes that started within a cooldown. */
  public record Evaluation(List<RaisedAlert> raised, List<RaisedAlert> suppressed) {}

  /**
   * @param rules the enabled rules
   * @param cooldownMs after an alert, the same rule stays quiet for the same track this long
   * @param trackIdleMs a track unseen this long is forgotten
   */
  public AlertEvaluator(List<AlertRule> rules, long cooldownMs, long trackIdleMs) {
    this.rules = List.copyOf(rules);
    this.cooldownMicros = cooldownMs * 1_000;
    this.trackIdleMicros = trackIdleMs * 1_000;
  }

  /**
   * Takes the next frame of its camera; each frame should be given once (the engine drops repeats).
   */
  public Evaluation evaluate(ExplainedFrame frame) {
    long now = frame.getCaptureTimeUnixMicros();
    Map<TrackKey, TrackAlertState> tracks =
        cameras.computeIfAbsent(frame.getCameraId(), id -> new HashMap<>());
    forgetIdle(tracks, now);
    List<RaisedAlert> raised = new ArrayList<>();
    List<RaisedAlert> suppressed = new ArrayList<>();
    for (Detection d : frame.getDetectionsList()) {
      if (d.getTrackId() == 0) {
        continue;
      }
      TrackKey key = new TrackKey(frame.getCameraId(), frame.getIngestSession(), d.getTrackId());
      TrackAlertState track = tracks.computeIfAbsent(key, k -> new TrackAlertState(rules));
      track.seen(now);
      for (AlertRule rule : rules) {
        Optional<Trigger> trigger = track.rule(rule.type()).observe(frame.getSeq(), d);
        if (trigger.isPresent()) {
          RaisedAlert alert = new RaisedAlert(rule.type(), d, trigger.get());
          (track.tryFire(rule.type(), now, cooldownMicros) ? raised : suppressed).add(alert);
        }
      }
    }
    if (tracks.size() > MAX_TRACKS) {
      forgetLongestUnseen(tracks, tracks.size() - MAX_TRACKS);
    }
    return new Evaluation(List.copyOf(raised), List.copyOf(suppressed));
  }

  /** Tracks held across all cameras (for tests and metrics). */
  public int trackCount() {
    return cameras.values().stream().mapToInt(Map::size).sum();
  }

  private void forgetIdle(Map<TrackKey, TrackAlertState> tracks, long now) {
    for (Iterator<TrackAlertState> it = tracks.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastSeenMicros() > trackIdleMicros) {
        it.remove();
      }
    }
  }

  private static void forgetLongestUnseen(Map<TrackKey, TrackAlertState> tracks, int count) {
    tracks.entrySet().stream()
        .sorted(
            Map.Entry.comparingByValue(
                (a, b) -> Long.compare(a.lastSeenMicros(), b.lastSeenMicros())))
        .limit(count)
        .map(Map.Entry::getKey)
        .toList()
        .forEach(tracks::remove);
  }
}

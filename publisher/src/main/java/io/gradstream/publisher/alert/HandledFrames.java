package io.gradstream.publisher.alert;

import io.gradstream.common.wire.ExplainedFrame;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts each recent frame raised, per camera, so a frame read again (at-least-once delivery)
 * gives back the same alerts instead of stepping the rules twice, and whether they were published
 * already. A frame older than the newest of its camera and session that is not remembered any more
 * is reported stale. Not thread-safe.
 */
final class HandledFrames {
  private final int perCamera;
  private final Map<String, LinkedHashMap<FrameKey, FrameAlerts>> cameras = new HashMap<>();
  private final Map<String, FrameKey> newest = new HashMap<>();

  private record FrameKey(String session, long seq) {}

  /** What is known of a frame. */
  sealed interface Outcome {}

  /** Not seen before: evaluate it. */
  record Fresh() implements Outcome {}

  /** Seen and remembered: these are its alerts. */
  record Repeat(FrameAlerts frame) implements Outcome {}

  /** The alerts one frame raised; published once they are written to Kafka and handed on. */
  static final class FrameAlerts {
    final List<AlertEvent> alerts;
    boolean published;

    FrameAlerts(List<AlertEvent> alerts) {
      this.alerts = List.copyOf(alerts);
    }
  }

  /** Older than the newest of its camera and session, and not remembered: skip it. */
  record Stale() implements Outcome {}

  /**
   * @param perCamera frames remembered per camera
   */
  HandledFrames(int perCamera) {
    this.perCamera = perCamera;
  }

  Outcome lookup(ExplainedFrame frame) {
    FrameKey key = new FrameKey(frame.getIngestSession(), frame.getSeq());
    var remembered = cameras.get(frame.getCameraId());
    FrameAlerts alerts = remembered == null ? null : remembered.get(key);
    if (alerts != null) {
      return new Repeat(alerts);
    }
    FrameKey latest = newest.get(frame.getCameraId());
    if (latest != null && latest.session().equals(key.session()) && key.seq() <= latest.seq()) {
      return new Stale();
    }
    return new Fresh();
  }

  /**
   * Remembers the alerts {@code frame} raised (unpublished); returns the entry to mark published.
   */
  FrameAlerts remember(ExplainedFrame frame, List<AlertEvent> alerts) {
    FrameKey key = new FrameKey(frame.getIngestSession(), frame.getSeq());
    var remembered = cameras.computeIfAbsent(frame.getCameraId(), id -> new LinkedHashMap<>());
    FrameAlerts entry = new FrameAlerts(alerts);
    remembered.put(key, entry);
    while (remembered.size() > perCamera) {
      remembered.pollFirstEntry();
    }
    newest.put(frame.getCameraId(), key);
    return entry;
  }
}

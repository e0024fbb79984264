package io.gradstream.inference.worker.source;

import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.track.TrackHandover;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds a camera's {@link TrackHandover} from the last frames a worker wrote for it: each
 * confirmed track's newest box, its motion from its two newest boxes, its length and mean score as
 * the wire carries them, and the id the tracker would have given next.
 */
final class HandoverFromFrames {
  private HandoverFromFrames() {}

  /**
   * @param frames one camera's explained frames of one ingest session, any order
   * @param maxAge tracks not matched in the newest {@code maxAge} frames are left out, as the
   *     tracker would have dropped them
   * @return empty when there is no frame
   */
  static Optional<TrackHandover> of(List<ExplainedFrame> frames, int maxAge) {
    if (frames.isEmpty()) {
      return Optional.empty();
    }
    List<ExplainedFrame> bySeq =
        frames.stream().sorted(Comparator.comparingLong(ExplainedFrame::getSeq)).toList();
    ExplainedFrame newest = bySeq.get(bySeq.size() - 1);
    // Track id → its appearances, oldest first.
    Map<Long, List<Seen>> appearances = new LinkedHashMap<>();
    long maxId = 0;
    for (ExplainedFrame f : bySeq) {
      for (Detection d : f.getDetectionsList()) {
        if (d.getTrackId() != 0) {
          appearances.computeIfAbsent(d.getTrackId(), id -> new ArrayList<>()).add(new Seen(f, d));
          maxId = Math.max(maxId, d.getTrackId());
        }
      }
    }
    List<TrackHandover.HandedTrack> tracks = new ArrayList<>();
    for (var e : appearances.entrySet()) {
      List<Seen> seen = e.getValue();
      Seen last = seen.get(seen.size() - 1);
      if (newest.getSeq() - last.frame().getSeq() > maxAge) {
        continue;
      }
      float[] velocity = null;
      if (seen.size() > 1) {
        Seen before = seen.get(seen.size() - 2);
        float steps = last.frame().getSeq() - before.frame().getSeq();
        Box a = before.detection().getBox();
        Box b = last.detection().getBox();
        velocity =
            new float[] {
              (b.getX1() - a.getX1()) / steps,
              (b.getY1() - a.getY1()) / steps,
              (b.getX2() - a.getX2()) / steps,
              (b.getY2() - a.getY2()) / steps
            };
      }
      Detection d = last.detection();
      boolean carriesLength = d.getTrackFrames() > 0;
      tracks.add(
          new TrackHandover.HandedTrack(
              e.getKey(),
              d.getClassId(),
              new BoundingBox(
                  d.getBox().getX1(), d.getBox().getY1(), d.getBox().getX2(), d.getBox().getY2()),
              velocity,
              last.frame().getSeq(),
              carriesLength ? d.getTrackFrames() : seen.size(),
              carriesLength
                  ? d.getTrackMeanScore()
                  : seen.stream().mapToDouble(s -> s.detection().getScore()).average().orElse(0)));
    }
    long nextId = newest.getNextTrackId() > 0 ? newest.getNextTrackId() : maxId + 1;
    return Optional.of(
        new TrackHandover(newest.getIngestSession(), newest.getSeq(), nextId, tracks));
  }

  private record Seen(ExplainedFrame frame, Detection detection) {}
}

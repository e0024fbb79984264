package io.gradstream.inference.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.track.TrackHandover;
import io.gradstream.inference.track.TrackHandover.HandedTrack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverFromFramesTest {
  private static Detection person(long track, float x, float score, int frames, float mean) {
    return Detection.newBuilder()
        .setTrackId(track)
        .setClassId(0)
        .setLabel("person")
        .setScore(score)
        .setBox(Box.newBuilder().setX1(x).setY1(50).setX2(x + 40).setY2(150))
        .setTrackFrames(frames)
        .setTrackMeanScore(mean)
        .build();
  }

  private static ExplainedFrame frame(long seq, long nextId, Detection... detections) {
    return ExplainedFrame.newBuilder()
        .setCameraId("gate")
        .setIngestSession("s1")
        .setSeq(seq)
        .setNextTrackId(nextId)
        .addAllDetections(List.of(detections))
        .build();
  }

  @Test
  void eachLiveTrackIsHandedOverWithItsNewestBoxMotionLengthAndScore() {
    List<ExplainedFrame> frames = new ArrayList<>();
    // Out of order on purpose: records of one camera are in order, but nothing here relies on it.
    frames.add(frame(12, 6, person(4, 120, 0.9f, 12, 0.85f), person(0, 300, 0.3f, 1, 0.3f)));
    frames.add(frame(10, 6, person(4, 110, 0.8f, 10, 0.84f), person(2, 500, 0.7f, 30, 0.7f)));
    frames.add(frame(11, 6, person(4, 115, 0.9f, 11, 0.85f)));
    frames.add(frame(1, 3, person(1, 10, 0.9f, 5, 0.9f)));

    TrackHandover h = HandoverFromFrames.of(frames, 5).orElseThrow();
    assertThat(h.session()).isEqualTo("s1");
    assertThat(h.seq()).isEqualTo(12);
    assertThat(h.nextId()).isEqualTo(6);
    assertThat(h.tracks())
        .as("track 1 was last seen 11 frames before the newest, longer than maxAge 5")
        .extracting(HandedTrack::id)
        .containsExactly(4L, 2L);
    HandedTrack walker = h.tracks().get(0);
    assertThat(walker.box().x1()).isEqualTo(120f);
    assertThat(walker.velocity()).containsExactly(5f, 0f, 5f, 0f);
    assertThat(walker.lastSeq()).isEqualTo(12);
    assertThat(walker.frames()).isEqualTo(12);
    assertThat(walker.meanScore()).isCloseTo(0.85, within(1e-6));
    HandedTrack seenOnce = h.tracks().get(1);
    assertThat(seenOnce.velocity()).as("one box, no motion").isNull();
    assertThat(seenOnce.lastSeq()).isEqualTo(10);
  }

  @Test
  void framesOfAWorkerOlderThanTheFieldsStillHandOverIdsThatNeverCollide() {
    Detection old1 = person(7, 100, 0.8f, 0, 0).toBuilder().clearTrackFrames().build();
    Detection old2 = person(7, 104, 0.6f, 0, 0).toBuilder().clearTrackFrames().build();
    TrackHandover h =
        HandoverFromFrames.of(List.of(frame(20, 0, old1), frame(21, 0, old2)), 30).orElseThrow();
    assertThat(h.nextId()).as("one past the largest id seen").isEqualTo(8);
    assertThat(h.tracks().get(0).frames()).as("the frames it was seen in").isEqualTo(2);
    assertThat(h.tracks().get(0).meanScore()).isCloseTo(0.7, within(1e-6));
    assertThat(HandoverFromFrames.of(List.of(), 30)).isEmpty();
  }
}

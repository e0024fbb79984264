package io.gradstream.publisher.join;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameJoinerTest {
  private final AtomicLong now = new AtomicLong();
  private final List<JoinedFrame> out = new ArrayList<>();
  private final FrameJoiner joiner = new FrameJoiner(3, 1_000, now::get, out::add);

  private static FrameEnvelope frame(String camera, String session, long seq) {
    return FrameEnvelope.newBuilder()
        .setCameraId(camera)
        .setIngestSession(session)
        .setSeq(seq)
        .setData(ByteString.copyFromUtf8("jpeg " + seq))
        .build();
  }

  private static ExplainedFrame detections(String camera, String session, long seq) {
    return ExplainedFrame.newBuilder()
        .setCameraId(camera)
        .setIngestSession(session)
        .setSeq(seq)
        .build();
  }

  private List<Long> seqs() {
    return out.stream().map(j -> j.frame().getSeq()).toList();
  }

  @Test
  void detectionsJoinTheFrameOfTheSameCameraSessionAndSeq() {
    joiner.onFrame(frame("a", "s1", 1));
    joiner.onFrame(frame("b", "s1", 1));
    joiner.onDetections(detections("a", "s1", 1));

    assertThat(out)
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.cameraId()).isEqualTo("a");
              assertThat(j.detections().getSeq()).isEqualTo(1);
            });
    assertThat(joiner.joined()).isEqualTo(1);
  }

  @Test
  void anAlertsSnapshotWaitsForAFrameThatComesAMomentAfterItsDetections() throws Exception {
    ExplainedFrame early = detections("a", "s1", 7);
    var found = new java.util.concurrent.CompletableFuture<java.util.Optional<FrameEnvelope>>();
    Thread detectionsReader =
        new Thread(() -> found.complete(joiner.awaitFrame(early, java.time.Duration.ofMinutes(1))));
    detectionsReader.start();
    // The frames reader is a moment behind: its frames come while the alert waits.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> detectionsReader.getState() == Thread.State.TIMED_WAITING);
    joiner.onFrame(frame("a", "s1", 6));
    joiner.onFrame(frame("a", "s1", 7));
    assertThat(found.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("the frame, as soon as it came, long before the minute's wait is up")
        .map(FrameEnvelope::getSeq)
        .contains(7L);

    assertThat(joiner.awaitFrame(early, java.time.Duration.ZERO))
        .as("held now: found without waiting")
        .isPresent();
    assertThat(joiner.awaitFrame(detections("a", "s1", 8), java.time.Duration.ofMillis(50)))
        .as("a frame that never comes")
        .isEmpty();
  }

  @Test
  void detectionsThatArriveBeforeTheirFrameWaitForIt() {
    joiner.onDetections(detections("a", "s1", 5));
    assertThat(out).isEmpty();

    joiner.onFrame(frame("a", "s1", 5));

    assertThat(out).singleElement().satisfies(j -> assertThat(j.hasDetections()).isTrue());
  }

  @Test
  void aFrameFromAnotherIngestSessionWithTheSameSeqIsNotJoined() {
    joiner.onFrame(frame("a", "old", 1));
    joiner.onDetections(detections("a", "new", 1));

    assertThat(out).isEmpty();
  }

  @Test
  void aFrameWithoutDetectionsIsShownAloneAfterTheTimeout() {
    joiner.onFrame(frame("a", "s1", 1));
    now.set(999_999_999L);
    joiner.expire();
    assertThat(out).isEmpty();

    now.set(1_000_000_000L);
    joiner.expire();

    assertThat(out).singleElement().satisfies(j -> assertThat(j.hasDetections()).isFalse());
    assertThat(joiner.shownWithoutDetections()).isEqualTo(1);
  }

  @Test
  void theBufferHoldsAtMostItsSizeAndDropsTheOldestFrame() {
    for (long seq = 1; seq <= 5; seq++) {
      joiner.onFrame(frame("a", "s1", seq));
    }
    joiner.onDetections(detections("a", "s1", 1));
    joiner.onDetections(detections("a", "s1", 3));

    assertThat(seqs()).as("frame 1 was dropped, frame 3 is still held").containsExactly(3L);
    assertThat(joiner.evicted()).isEqualTo(2);
  }

  @Test
  void earlyDetectionsAreBoundedToo() {
    for (long seq = 1; seq <= 5; seq++) {
      joiner.onDetections(detections("a", "s1", seq));
    }
    assertThat(joiner.unmatchedDetections()).isEqualTo(2);
  }

  @Test
  void liveVideoNeverStepsBackAFrameMatchedAfterANewerOneIsCountedLate() {
    joiner.onFrame(frame("a", "s1", 1));
    joiner.onFrame(frame("a", "s1", 2));
    joiner.onDetections(detections("a", "s1", 2));
    joiner.onDetections(detections("a", "s1", 1));

    assertThat(seqs()).containsExactly(2L);
    assertThat(joiner.late()).isEqualTo(1);
  }

  @Test
  void aNewIngestSessionStartsTheSequenceAgain() {
    joiner.onFrame(frame("a", "s1", 9));
    joiner.onDetections(detections("a", "s1", 9));
    joiner.onFrame(frame("a", "s2", 1));
    joiner.onDetections(detections("a", "s2", 1));

    assertThat(seqs()).containsExactly(9L, 1L);
  }

  @Test
  void theHeldFrameOfDetectionsIsFoundForSnapshots() {
    joiner.onFrame(frame("a", "s1", 4));

    assertThat(joiner.heldFrame(detections("a", "s1", 4)))
        .hasValueSatisfying(f -> assertThat(f.getSeq()).isEqualTo(4));
    assertThat(joiner.heldFrame(detections("a", "s1", 5))).isEmpty();
    assertThat(joiner.heldFrame(detections("zz", "s1", 4))).isEmpty();
  }
}

package io.gradstream.inference.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic objects moving at constant speed, as a detector would report them frame by frame. */
class CameraTrackerTest {
  private static final int PERSON = 0;
  private static final int DOG = 16;
  private final TrackerConfig config =
      TrackerConfig.defaults(); // confirm after 3 hits, keep lost 30 frames

  /** A 40x100 box whose left edge is at x, top at y. */
  private static Detection person(float x, float y, float score) {
    return new Detection(PERSON, "person", score, new BoundingBox(x, y, x + 40, y + 100));
  }

  @Test
  void newTracksGetAnIdOnlyOnceConfirmedAndThenKeepIt() {
    CameraTracker tracker = new CameraTracker(config);
    List<Long> ids = new ArrayList<>();
    for (int f = 0; f < 6; f++) {
      ids.add(tracker.update(List.of(person(10 + 5 * f, 50, 0.9f))).get(0).trackId());
    }
    assertThat(ids).containsExactly(0L, 0L, 1L, 1L, 1L, 1L);
  }

  @Test
  void eachDetectionCarriesItsTracksLengthAndMeanScoreTentativeFramesIncluded() {
    CameraTracker tracker = new CameraTracker(config);
    float[] scores = {0.4f, 0.8f, 0.6f, 0.9f};
    double sum = 0;
    for (int f = 0; f < scores.length; f++) {
      sum += scores[f];
      TrackedDetection t = tracker.update(List.of(person(10 + 5 * f, 50, scores[f]))).get(0);
      assertThat(t.frames()).as("frame %d", f).isEqualTo(f + 1);
      assertThat(t.meanScore()).as("frame %d", f).isCloseTo(sum / (f + 1), within(1e-6));
    }
    TrackedDetection untracked =
        new CameraTracker(config).update(List.of(person(10, 50, 0.2f))).get(0);
    assertThat(untracked.frames()).as("below the new-track score: first seen").isEqualTo(1);
    assertThat(untracked.meanScore()).isCloseTo(0.2, within(1e-6));
  }

  @Test
  void twoPeopleCrossingKeepTheirIds() {
    CameraTracker tracker = new CameraTracker(config);
    long leftToRight = 0;
    long rightToLeft = 0;
    for (int f = 0; f < 40; f++) {
      // A walks right, B walks left, 12 px a frame, at nearly the same height; they meet at frame
      // 15,
      // where B is hidden behind A for two frames. When B reappears its last box overlaps A more
      // than B, so only the motion estimate can give each its own id back.
      Detection a = person(20 + 12 * f, 100, 0.9f);
      Detection b = person(380 - 12 * f, 103, 0.85f);
      boolean bHidden = f == 15 || f == 16;
      // Detector output order is by score and carries no identity; alternate it to be sure.
      List<Detection> frame = bHidden ? List.of(a) : f % 2 == 0 ? List.of(a, b) : List.of(b, a);
      List<TrackedDetection> out = tracker.update(frame);
      if (f < 2) {
        continue;
      }
      if (leftToRight == 0) {
        leftToRight = idOf(out, a);
        rightToLeft = idOf(out, b);
        assertThat(leftToRight).isNotZero().isNotEqualTo(rightToLeft);
        assertThat(rightToLeft).isNotZero();
      }
      assertThat(idOf(out, a)).as("frame %d: A's id", f).isEqualTo(leftToRight);
      if (!bHidden) {
        assertThat(idOf(out, b)).as("frame %d: B's id", f).isEqualTo(rightToLeft);
      }
    }
    assertThat(tracker.size()).isEqualTo(2);
  }

  @Test
  void anObjectMissedForAFewFramesComesBackWithItsId() {
    CameraTracker tracker = new CameraTracker(config);
    long id = 0;
    for (int f = 0; f < 20; f++) {
      boolean missing = f == 8 || (f >= 12 && f <= 14); // one missed frame, then three in a row
      List<TrackedDetection> out =
          tracker.update(missing ? List.of() : List.of(person(10 + 8 * f, 60, 0.8f)));
      if (!missing && f >= 2) {
        if (id == 0) {
          id = out.get(0).trackId();
        }
        assertThat(out.get(0).trackId()).as("frame %d", f).isEqualTo(id).isNotZero();
      }
    }
  }

  @Test
  void aLowScoreFrameKeepsTheId() {
    CameraTracker tracker = new CameraTracker(config);
    for (int f = 0; f < 5; f++) {
      tracker.update(List.of(person(100 + 6 * f, 60, 0.9f)));
    }
    // Occlusion: the score dips below the high threshold; the low-score round still matches it.
    TrackedDetection dipped = tracker.update(List.of(person(130, 60, 0.3f))).get(0);
    assertThat(dipped.trackId()).isEqualTo(1);
    assertThat(tracker.update(List.of(person(136, 60, 0.9f))).get(0).trackId()).isEqualTo(1);
    assertThat(tracker.size()).isEqualTo(1);
  }

  @Test
  void aPersistentLowScoreBoxGetsATrackSoThatItCanBeAlertedOn() {
    CameraTracker tracker = new CameraTracker(config);
    List<Long> ids = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      ids.add(tracker.update(List.of(person(300 + 2 * f, 60, 0.3f))).get(0).trackId());
    }
    assertThat(ids).containsExactly(0L, 0L, 1L, 1L, 1L);
  }

  @Test
  void lowScoreNoiseThatDoesNotStayGetsNoTrack() {
    CameraTracker tracker = new CameraTracker(config);
    for (int f = 0; f < 10; f++) {
      // A weak box jumping around never overlaps its last place enough to be confirmed.
      float x = f % 2 == 0 ? 50 : 400;
      assertThat(tracker.update(List.of(person(x + f, 60, 0.3f))).get(0).trackId()).isZero();
    }
  }

  @Test
  void boxesBelowTheNewTrackScoreNeverStartATrack() {
    CameraTracker byteTrack = new CameraTracker(new TrackerConfig(0.5, 0.1, 0.6, 0.2, 0.5, 3, 30));
    CameraTracker defaults = new CameraTracker(config);
    for (int f = 0; f < 10; f++) {
      assertThat(byteTrack.update(List.of(person(300, 60, 0.55f))).get(0).trackId()).isZero();
      assertThat(defaults.update(List.of(person(300, 60, 0.2f))).get(0).trackId()).isZero();
    }
    assertThat(byteTrack.size()).isZero();
    assertThat(defaults.size()).isZero();
  }

  @Test
  void newObjectsGetNewIdsAndAnObjectGoneLongerThanMaxAgeComesBackAsNew() {
    TrackerConfig shortMemory = new TrackerConfig(0.5, 0.1, 0.6, 0.2, 0.5, 3, 5);
    CameraTracker tracker = new CameraTracker(shortMemory);
    for (int f = 0; f < 4; f++) {
      tracker.update(List.of(person(10, 10, 0.9f)));
    }
    List<TrackedDetection> withNewcomer = List.of();
    for (int f = 0; f < 3; f++) {
      withNewcomer = tracker.update(List.of(person(10, 10, 0.9f), person(400, 10, 0.9f)));
    }
    assertThat(withNewcomer).extracting(TrackedDetection::trackId).containsExactly(1L, 2L);

    for (int f = 0; f < 7; f++) { // gone for longer than maxAge = 5
      tracker.update(List.of(person(400, 10, 0.9f)));
    }
    List<TrackedDetection> back = List.of();
    for (int f = 0; f < 3; f++) {
      back = tracker.update(List.of(person(10, 10, 0.9f), person(400, 10, 0.9f)));
    }
    assertThat(back).extracting(TrackedDetection::trackId).containsExactly(3L, 2L);
  }

  @Test
  void tracksAreClassConsistent() {
    CameraTracker tracker = new CameraTracker(config);
    for (int f = 0; f < 4; f++) {
      tracker.update(List.of(person(50, 50, 0.9f)));
    }
    Detection dogInThePersonsPlace =
        new Detection(DOG, "dog", 0.9f, new BoundingBox(50, 50, 90, 150));
    List<TrackedDetection> out = tracker.update(List.of(dogInThePersonsPlace));
    assertThat(out.get(0).trackId()).as("a dog never inherits the person's track").isZero();
    assertThat(tracker.update(List.of(person(50, 50, 0.9f))).get(0).trackId()).isEqualTo(1);
  }

  @Test
  void camerasAreIndependentAndANewIngestSessionStartsOver() {
    MultiCameraTracker tracker = new MultiCameraTracker(config, Duration.ofMinutes(5));
    long now = 1_000_000;
    for (int f = 0; f < 4; f++, now += 100) {
      assertThat(
              tracker
                  .update("gate", "s1", now, List.of(person(10 + 5 * f, 10, 0.9f)))
                  .get(0)
                  .trackId())
          .isEqualTo(f < 2 ? 0 : 1);
      // The same box on another camera is a different object with its own numbering, and the second
      // camera seeing nothing does not make the first lose its track.
      assertThat(
              tracker
                  .update("lobby", "s1", now, List.of(person(10 + 5 * f, 10, 0.9f)))
                  .get(0)
                  .trackId())
          .isEqualTo(f < 2 ? 0 : 1);
    }
    for (int f = 4; f < 40; f++, now += 100) {
      tracker.update("lobby", "s1", now, List.of());
    }
    assertThat(tracker.update("gate", "s1", now, List.of(person(30, 10, 0.9f))).get(0).trackId())
        .isEqualTo(1);
    assertThat(tracker.update("lobby", "s1", now, List.of(person(30, 10, 0.9f))).get(0).trackId())
        .isZero();

    assertThat(tracker.update("gate", "s2", now, List.of(person(35, 10, 0.9f))).get(0).trackId())
        .as("ingest restarted: tracks start over")
        .isZero();
    assertThat(tracker.cameras()).isEqualTo(2);
    tracker.update("gate", "s2", now + Duration.ofMinutes(6).toMillis(), List.of());
    assertThat(tracker.cameras()).as("lobby idle for 6 min is forgotten").isEqualTo(1);
  }

  private static long idOf(List<TrackedDetection> out, Detection d) {
    return out.stream().filter(t -> t.detection() == d).findFirst().orElseThrow().trackId();
  }
}

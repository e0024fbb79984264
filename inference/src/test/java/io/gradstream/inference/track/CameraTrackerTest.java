package io.gradstream.inference.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Synthetic objects moving at constant speed, as a detector would report them frame by frame. */
class CameraTrackerTest {
  private static final int PERSON = 0;

  /** One partition assignment for every frame. */
  private static final Object HERE = new Object();

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
                  .update("gate", "s1", now, HERE, now, List.of(person(10 + 5 * f, 10, 0.9f)))
                  .get(0)
                  .trackId())
          .isEqualTo(f < 2 ? 0 : 1);
      // The same box on another camera is a different object with its own numbering, and the second
      // camera seeing nothing does not make the first lose its track.
      assertThat(
              tracker
                  .update("lobby", "s1", now, HERE, now, List.of(person(10 + 5 * f, 10, 0.9f)))
                  .get(0)
                  .trackId())
          .isEqualTo(f < 2 ? 0 : 1);
    }
    for (int f = 4; f < 40; f++, now += 100) {
      tracker.update("lobby", "s1", now, HERE, now, List.of());
    }
    assertThat(
            tracker
                .update("gate", "s1", now, HERE, now, List.of(person(30, 10, 0.9f)))
                .get(0)
                .trackId())
        .isEqualTo(1);
    assertThat(
            tracker
                .update("lobby", "s1", now, HERE, now, List.of(person(30, 10, 0.9f)))
                .get(0)
                .trackId())
        .isZero();

    assertThat(
            tracker
                .update("gate", "s2", now, HERE, now, List.of(person(35, 10, 0.9f)))
                .get(0)
                .trackId())
        .as("ingest restarted: tracks start over")
        .isZero();
    assertThat(tracker.cameras()).isEqualTo(2);
    long later = now + Duration.ofMinutes(6).toMillis();
    tracker.update("gate", "s2", later, HERE, later, List.of());
    assertThat(tracker.cameras()).as("lobby idle for 6 min is forgotten").isEqualTo(1);
  }

  @Test
  void aCameraTakenOverResumesTheTracksAnotherWorkerLeftAndNeverReusesAnId() {
    // The previous worker followed a person walking 5 px a frame (id 7) and a parked car (id 9)
    // until frame 40, and would have given id 12 next.
    TrackHandover left =
        new TrackHandover(
            "s1",
            40,
            12,
            List.of(
                new TrackHandover.HandedTrack(
                    7,
                    PERSON,
                    new BoundingBox(200, 50, 240, 150),
                    new float[] {5, 0, 5, 0},
                    40,
                    25,
                    0.8),
                new TrackHandover.HandedTrack(
                    9, 2, new BoundingBox(400, 300, 500, 360), null, 38, 60, 0.7),
                new TrackHandover.HandedTrack(
                    3, PERSON, new BoundingBox(10, 10, 50, 110), null, 2, 10, 0.9)));
    MultiCameraTracker tracker =
        new MultiCameraTracker(
            config,
            Duration.ofMinutes(5),
            (camera, session) -> camera.equals("gate") ? Optional.of(left) : Optional.empty());
    // This worker's first frame of the camera is 43: two frames were lost in the move.
    Detection walker = person(215, 50, 0.85f);
    Detection car = new Detection(2, "car", 0.6f, new BoundingBox(401, 300, 501, 360));
    Detection newcomer = person(600, 200, 0.9f);
    List<TrackedDetection> out =
        tracker.update("gate", "s1", 43, HERE, 1_000, List.of(walker, car, newcomer));
    assertThat(out.get(0).trackId()).as("the walker, where its motion says").isEqualTo(7);
    assertThat(out.get(0).frames()).isEqualTo(26);
    assertThat(out.get(0).meanScore()).isCloseTo((0.8 * 25 + 0.85) / 26, within(1e-6));
    assertThat(out.get(1).trackId()).as("the parked car").isEqualTo(9);
    assertThat(out.get(2).trackId()).as("new objects are tentative first").isZero();
    for (int seq = 44; seq <= 45; seq++) {
      out = tracker.update("gate", "s1", seq, HERE, 1_000, List.of(person(600, 200, 0.9f)));
    }
    assertThat(out.get(0).trackId()).as("and then get the next id, never one in use").isEqualTo(12);
    assertThat(tracker.nextId("gate")).isEqualTo(13);

    // Another camera, or another ingest session of this one, starts over.
    assertThat(tracker.nextId("lobby")).isEqualTo(1);
    for (int seq = 0; seq < 3; seq++) {
      out = tracker.update("lobby", "s1", seq, HERE, 1_000, List.of(person(215, 50, 0.9f)));
    }
    assertThat(out.get(0).trackId()).isEqualTo(1);
  }

  @Test
  void aHandoverOfAnotherSessionIsIgnoredAndOneAheadOfTheFrameStillKeepsItsIds() {
    TrackHandover left =
        new TrackHandover(
            "s1",
            40,
            12,
            List.of(
                new TrackHandover.HandedTrack(
                    7, PERSON, new BoundingBox(200, 50, 240, 150), null, 40, 25, 0.8)));
    MultiCameraTracker tracker =
        new MultiCameraTracker(config, Duration.ofMinutes(5), (c, s) -> Optional.of(left));
    assertThat(
            tracker
                .update("gate", "s2", 41, HERE, 1_000, List.of(person(200, 50, 0.9f)))
                .get(0)
                .trackId())
        .as("ingest restarted since")
        .isZero();
    assertThat(tracker.nextId("gate")).isEqualTo(1);

    // The previous worker died after writing frames up to 40 but committing only up to 35: this
    // worker explains 36 to 40 again, with the ids already in use.
    MultiCameraTracker replay =
        new MultiCameraTracker(config, Duration.ofMinutes(5), (c, s) -> Optional.of(left));
    assertThat(
            replay
                .update("yard", "s1", 36, HERE, 1_000, List.of(person(200, 50, 0.9f)))
                .get(0)
                .trackId())
        .isEqualTo(7);
    assertThat(replay.nextId("yard")).isEqualTo(12);
  }

  @Test
  void aCameraThatComesBackAfterAnotherWorkerFollowedItTakesThatWorkersTracks() {
    List<TrackHandover> written = new ArrayList<>();
    int[] lookups = {0};
    MultiCameraTracker tracker =
        new MultiCameraTracker(
            config,
            Duration.ofMinutes(5),
            (camera, session) -> {
              lookups[0]++;
              return written.isEmpty()
                  ? Optional.empty()
                  : Optional.of(written.get(written.size() - 1));
            });
    Object first = new Object();
    List<TrackedDetection> out = List.of();
    for (int seq = 1; seq <= 5; seq++) {
      out = tracker.update("gate", "s1", seq, first, 1_000, List.of(person(100, 50, 0.9f)));
    }
    assertThat(out.get(0).trackId()).isEqualTo(1);
    assertThat(lookups[0]).as("one lookup for the camera's first frame here").isEqualTo(1);

    // The partition went to another worker, which followed the person as id 1 and confirmed ids
    // up to 4, until frame 20; then it came back here.
    written.add(
        new TrackHandover(
            "s1",
            20,
            5,
            List.of(
                new TrackHandover.HandedTrack(
                    4, PERSON, new BoundingBox(300, 50, 340, 150), null, 20, 15, 0.8))));
    Object again = new Object();
    out =
        tracker.update(
            "gate", "s1", 21, again, 1_000, List.of(person(300, 50, 0.9f), person(100, 50, 0.9f)));
    assertThat(lookups[0]).isEqualTo(2);
    assertThat(out)
        .extracting(TrackedDetection::trackId)
        .as("the other worker's track goes on; the stale one kept here is gone")
        .containsExactly(4L, 0L);
    assertThat(tracker.nextId("gate")).isEqualTo(5);
  }

  private static long idOf(List<TrackedDetection> out, Detection d) {
    return out.stream().filter(t -> t.detection() == d).findFirst().orElseThrow().trackId();
  }
}

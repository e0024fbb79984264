package io.gradstream.publisher.alert;

import static io.gradstream.publisher.alert.Frames.dog;
import static io.gradstream.publisher.alert.Frames.frame;
import static io.gradstream.publisher.alert.Frames.frameAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.publisher.alert.rule.WrongReasonsRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {
  private static final float BAD = 0.05f;
  private static final float GOOD = 0.9f;

  /**
   * Wrong reasons after 3 bad frames, re-armed after 2 good; 2 s cooldown; tracks forgotten after 5
   * s.
   */
  private final AlertEvaluator evaluator =
      new AlertEvaluator(
          List.of(new WrongReasonsRule(new WrongReasonsRuleConfig(true, 0.6, 0.3, 3, 2))),
          2_000,
          5_000);

  private final List<RaisedAlert> raised = new ArrayList<>();
  private final List<RaisedAlert> suppressed = new ArrayList<>();

  private void run(long fromSeq, float... energies) {
    for (int i = 0; i < energies.length; i++) {
      var evaluation = evaluator.evaluate(frame("cam", fromSeq + i, dog(7, energies[i])));
      raised.addAll(evaluation.raised());
      suppressed.addAll(evaluation.suppressed());
    }
  }

  @Test
  void oneLongEpisodeGivesOneAlert() {
    run(1, GOOD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD);

    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).trigger().episodeStartSeq()).isEqualTo(2);
  }

  @Test
  void aSecondEpisodeWithinTheCooldownIsSuppressedAndOneAfterItFires() {
    run(1, BAD, BAD, BAD, GOOD, GOOD, BAD, BAD, BAD); // second episode 0.5 s after the first alert
    assertThat(raised).hasSize(1);
    assertThat(suppressed).hasSize(1);

    run(9, GOOD, GOOD);
    run(30, BAD, BAD, BAD); // seq 32 is 2.9 s after the alert at seq 3: past the 2 s cooldown
    assertThat(raised).extracting(r -> r.trigger().episodeStartSeq()).containsExactly(1L, 30L);
  }

  @Test
  void theCooldownIsPerTrack() {
    for (long seq = 1; seq <= 3; seq++) {
      raised.addAll(evaluator.evaluate(frame("cam", seq, dog(7, BAD), dog(8, BAD))).raised());
    }
    assertThat(raised)
        .extracting(r -> r.detection().getTrackId())
        .containsExactlyInAnyOrder(7L, 8L);
  }

  @Test
  void untrackedDetectionsRaiseNothing() {
    for (long seq = 1; seq <= 10; seq++) {
      assertThat(evaluator.evaluate(frame("cam", seq, dog(0, BAD))).raised()).isEmpty();
    }
    assertThat(evaluator.trackCount()).isZero();
  }

  @Test
  void theSameTrackIdOnAnotherCameraIsAnotherTrack() {
    for (long seq = 1; seq <= 2; seq++) {
      evaluator.evaluate(frame("a", seq, dog(7, BAD)));
      evaluator.evaluate(frame("b", seq, dog(7, GOOD)));
    }
    assertThat(evaluator.evaluate(frame("a", 3, dog(7, BAD))).raised()).hasSize(1);
    assertThat(evaluator.evaluate(frame("b", 3, dog(7, BAD))).raised()).isEmpty();
  }

  @Test
  void aTrackUnseenLongerThanTheIdleTimeIsForgottenWithItsEpisode() {
    evaluator.evaluate(frame("cam", 1, dog(7, BAD)));
    evaluator.evaluate(frame("cam", 2, dog(7, BAD)));
    assertThat(evaluator.trackCount()).isEqualTo(1);

    // 6 s later by capture time, another track: the first is dropped, its two bad frames with it.
    evaluator.evaluate(frameAt("cam", 3, Frames.START_MICROS + 8_000_000, dog(9, GOOD)));
    assertThat(evaluator.trackCount()).isEqualTo(1);
    var again = evaluator.evaluate(frameAt("cam", 4, Frames.START_MICROS + 8_100_000, dog(7, BAD)));
    assertThat(again.raised()).isEmpty();
  }

  @Test
  void timeIsTheCaptureTimeSoAReplayRaisesTheSameAlerts() {
    List<Long> first = replay();
    List<Long> second = replay();
    assertThat(first).isNotEmpty().isEqualTo(second);
  }

  private static List<Long> replay() {
    AlertEvaluator fresh =
        new AlertEvaluator(
            List.of(new WrongReasonsRule(new WrongReasonsRuleConfig(true, 0.6, 0.3, 3, 2))),
            2_000,
            5_000);
    List<Long> starts = new ArrayList<>();
    float[] energies = {BAD, BAD, BAD, GOOD, GOOD, BAD, BAD, BAD};
    for (int i = 0; i < energies.length; i++) {
      fresh
          .evaluate(frame("cam", i * 10L, dog(7, energies[i])))
          .raised()
          .forEach(r -> starts.add(r.trigger().episodeStartSeq()));
    }
    return starts;
  }
}

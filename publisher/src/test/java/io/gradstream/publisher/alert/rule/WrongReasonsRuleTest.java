package io.gradstream.publisher.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.common.wire.Detection;
import org.junit.jupiter.api.Test;

class WrongReasonsRuleTest {
  private final WrongReasonsRule rule =
      new WrongReasonsRule(new WrongReasonsRuleConfig(true, 0.6, 0.3, 2, 2));

  private static Detection seen(float score, float energyInBox) {
    return Detections.of(16, "dog", score, energyInBox, 0.5f);
  }

  @Test
  void aSureDetectionWhoseMapLiesOutsideItsBoxFiresAfterTwoFrames() {
    TrackRuleState state = rule.newTrackState();

    assertThat(state.observe(1, seen(0.9f, 0.1f))).isEmpty();
    var trigger = state.observe(2, seen(0.85f, 0.2f));

    assertThat(trigger).isPresent();
    assertThat(trigger.get().episodeStartSeq()).isEqualTo(1);
    assertThat(trigger.get().reason())
        .contains("dog #7")
        .contains("0.85")
        .contains("20.0%")
        .contains("30.0%");
  }

  @Test
  void anUnsureDetectionIsNotRightForTheWrongReasonsWhateverItsMap() {
    TrackRuleState state = rule.newTrackState();
    for (int seq = 1; seq <= 5; seq++) {
      assertThat(state.observe(seq, seen(0.5f, 0.0f))).isEmpty();
    }
  }

  @Test
  void aMapMostlyInTheBoxIsFine() {
    TrackRuleState state = rule.newTrackState();
    for (int seq = 1; seq <= 5; seq++) {
      assertThat(state.observe(seq, seen(0.95f, 0.8f))).isEmpty();
    }
  }

  @Test
  void oneEpisodeGivesOneTriggerUntilTwoGoodFramesReArmIt() {
    TrackRuleState state = rule.newTrackState();
    long triggers = 0;
    float[] energy = {0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f, 0.9f, 0.9f, 0.1f, 0.1f};
    for (int i = 0; i < energy.length; i++) {
      triggers += state.observe(i + 1, seen(0.9f, energy[i])).isPresent() ? 1 : 0;
    }
    assertThat(triggers).isEqualTo(2);
  }
}

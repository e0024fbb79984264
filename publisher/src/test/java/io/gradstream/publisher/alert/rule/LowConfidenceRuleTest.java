package io.gradstream.publisher.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.wire.Detection;
import io.gradstream.publisher.alert.AlertType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LowConfidenceRuleTest {
  private final LowConfidenceRule rule =
      new LowConfidenceRule(new LowConfidenceRuleConfig(true, 0.2, 3, 2, 0.4));

  private static Detection confidence(float c) {
    return Detections.of(0, "person", 0.9f, 0.5f, c);
  }

  /** A detection whose explanation confidence is high while its reliability is {@code r}. */
  private static Detection reliability(float r) {
    Detection d = Detections.of(0, "person", 0.9f, 0.5f, 0.9f);
    return d.toBuilder().setQuality(d.getQuality().toBuilder().setReliability(r)).build();
  }

  @Test
  void aDetectionWithAReliabilityIsJudgedByItAgainstTheReliabilityThresholdAndTheReasonSaysSo() {
    TrackRuleState state = rule.newTrackState();

    assertThat(state.observe(1, reliability(0.39f))).isEmpty();
    assertThat(state.observe(2, reliability(0.10f))).isEmpty();
    Optional<Trigger> trigger = state.observe(3, reliability(0.25f));

    assertThat(trigger).isPresent();
    assertThat(trigger.get().reason())
        .contains("reliability 0.250 below 0.400")
        .contains("3 frames")
        .contains("person #7");
  }

  @Test
  void aReliableDetectionDoesNotFireHoweverLowItsExplanationConfidence() {
    TrackRuleState state = rule.newTrackState();
    for (int seq = 1; seq <= 10; seq++) {
      Detection d = reliability(0.4f);
      d = d.toBuilder().setQuality(d.getQuality().toBuilder().setConfidence(0.01f)).build();
      assertThat(state.observe(seq, d)).isEmpty();
    }
  }

  @Test
  void firesOnTheThirdFrameBelowTheThresholdNamingTheEpisodesFirstFrame() {
    TrackRuleState state = rule.newTrackState();

    assertThat(state.observe(10, confidence(0.5f))).isEmpty();
    assertThat(state.observe(11, confidence(0.1f))).isEmpty();
    assertThat(state.observe(12, confidence(0.15f))).isEmpty();
    Optional<Trigger> trigger = state.observe(13, confidence(0.05f));

    assertThat(trigger).isPresent();
    assertThat(trigger.get().episodeStartSeq()).isEqualTo(11);
    assertThat(trigger.get().reason())
        .contains("0.050")
        .contains("0.200")
        .contains("3 frames")
        .contains("person #7");
    assertThat(rule.type()).isEqualTo(AlertType.LOW_CONFIDENCE);
  }

  @Test
  void theThresholdItselfIsNotLow() {
    TrackRuleState state = rule.newTrackState();
    for (int seq = 1; seq <= 10; seq++) {
      assertThat(state.observe(seq, confidence(0.2f))).isEmpty();
    }
  }

  @Test
  void reArmsOnlyAfterTheClearFramesAndThenFiresForTheNextEpisode() {
    TrackRuleState state = rule.newTrackState();
    int fired = 0;
    // bad x4 (fires), good x1 (not enough to clear), bad x3 (same episode), good x2 (clears), bad
    // x3 (fires)
    float[] run = {0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f, 0.1f, 0.9f, 0.9f, 0.1f, 0.1f, 0.1f};
    for (int i = 0; i < run.length; i++) {
      if (state.observe(i + 1, confidence(run[i])).isPresent()) {
        fired++;
      }
    }
    assertThat(fired).isEqualTo(2);
  }

  @Test
  void framesWithoutAnExplanationNeitherCountNorClear() {
    TrackRuleState state = rule.newTrackState();

    state.observe(1, confidence(0.1f));
    state.observe(2, confidence(0.1f));
    assertThat(state.observe(3, Detections.withoutQuality(0.9f))).isEmpty();
    assertThat(state.observe(4, confidence(0.1f))).map(Trigger::episodeStartSeq).contains(1L);
  }
}

package io.gradstream.publisher.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.wire.Detection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassFlipRuleTest {
  private final ClassFlipRule rule = new ClassFlipRule(new ClassFlipRuleConfig(true, 3));

  private static Detection as(char c) {
    return c == 'd'
        ? Detections.of(16, "dog", 0.9f, 0.8f, 0.6f)
        : Detections.of(15, "cat", 0.9f, 0.8f, 0.6f);
  }

  /** Feeds classes as a string ('d' dog, 'c' cat) from seq 1; returns the triggers. */
  private List<Trigger> feed(String classes) {
    TrackRuleState state = rule.newTrackState();
    List<Trigger> out = new ArrayList<>();
    for (int i = 0; i < classes.length(); i++) {
      state.observe(i + 1, as(classes.charAt(i))).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void aStableDogSeenAsACatForThreeFramesIsOneFlip() {
    List<Trigger> flips = feed("ddddccccc");

    assertThat(flips).hasSize(1);
    assertThat(flips.get(0).episodeStartSeq()).isEqualTo(5);
    assertThat(flips.get(0).reason()).contains("from dog (held 4 frames) to cat");
  }

  @Test
  void oneOrTwoOddFramesAreNoFlip() {
    assertThat(feed("dddcddccddd")).isEmpty();
  }

  @Test
  void aClassNeverHeldLongEnoughIsNotFlippedFrom() {
    // The dog is seen once only, then the track settles as a cat: no established class changed.
    assertThat(feed("dccccc")).isEmpty();
  }

  @Test
  void flippingBackIsASecondFlip() {
    assertThat(feed("dddcccddd")).extracting(Trigger::episodeStartSeq).containsExactly(4L, 7L);
  }
}

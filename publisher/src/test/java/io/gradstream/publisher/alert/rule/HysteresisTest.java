package io.gradstream.publisher.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HysteresisTest {
  /**
   * Feeds verdicts as a string ('B' bad, 'g' good) from seq 1; returns the seqs that started
   * episodes.
   */
  private static List<Long> starts(Hysteresis h, String verdicts) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < verdicts.length(); i++) {
      if (h.observe(i + 1, verdicts.charAt(i) == 'B')) {
        out.add((long) i + 1);
      }
    }
    return out;
  }

  @Test
  void anEpisodeStartsOnTheNthBadFrameInARowAndOnlyOnce() {
    Hysteresis h = new Hysteresis(3, 2);

    assertThat(starts(h, "gBBBBBBB")).containsExactly(4L);
    assertThat(h.inEpisode()).isTrue();
    assertThat(h.badRunStartSeq()).isEqualTo(2);
  }

  @Test
  void fewerBadFramesInARowThanNeededStartNothing() {
    assertThat(starts(new Hysteresis(3, 2), "BBgBBgBBg")).isEmpty();
  }

  @Test
  void aGoodFrameInsideAnEpisodeDoesNotReArmIt() {
    // 3 to start, 2 to end: single good frames between bad ones keep the one episode going.
    assertThat(starts(new Hysteresis(3, 2), "BBBgBBgBBBgB")).containsExactly(3L);
  }

  @Test
  void enoughGoodFramesEndTheEpisodeAndTheNextRunStartsANewOne() {
    Hysteresis h = new Hysteresis(2, 3);

    assertThat(starts(h, "BBgggBB")).containsExactly(2L, 7L);
    assertThat(h.badRunStartSeq()).isEqualTo(6);
  }

  @Test
  void oneBadFrameSufficesWhenConfiguredSo() {
    assertThat(starts(new Hysteresis(1, 1), "BgBBg")).containsExactly(1L, 3L);
  }

  @Test
  void refusesCountsBelowOne() {
    assertThatThrownBy(() -> new Hysteresis(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hysteresis(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}

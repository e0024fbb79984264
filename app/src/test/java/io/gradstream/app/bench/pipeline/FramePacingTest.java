package io.gradstream.app.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The synthetic cameras' schedule, on a simulated clock: a lower bound only, no timing of this
 * machine.
 */
class FramePacingTest {
  private static final long MS = 1_000_000;

  @Test
  void tenFramesASecondAreDueEveryHundredMillisecondsFromTheStart() {
    FramePacing pacing = FramePacing.of(10, 5 * MS);
    assertThat(pacing.periodNanos()).isEqualTo(100 * MS);
    assertThat(pacing.dueNanos(0)).isEqualTo(5 * MS);
    assertThat(pacing.dueNanos(3)).isEqualTo(305 * MS);
  }

  @Test
  void noFrameIsEverSentBeforeItIsDueWhateverTheSendsCost() {
    FramePacing pacing = FramePacing.of(10, 0);
    long[] sendCosts = {1 * MS, 40 * MS, 250 * MS, 3 * MS, 99 * MS, 101 * MS, 0, 420 * MS, 7 * MS};
    long now = 0;
    long k = 0;
    List<long[]> sent = new ArrayList<>();
    for (long cost : sendCosts) {
      now = Math.max(now, pacing.dueNanos(k)); // the sender waits until the frame is due
      sent.add(new long[] {k, now});
      now += cost;
      k = pacing.next(k, now);
    }
    for (long[] frame : sent) {
      assertThat(frame[1])
          .as("frame %d sent at or after it is due", frame[0])
          .isGreaterThanOrEqualTo(pacing.dueNanos(frame[0]));
    }
    assertThat(sent)
        .extracting(f -> f[0])
        .as("frame numbers only go up")
        .isSorted()
        .doesNotHaveDuplicates();
  }

  @Test
  void aSenderThatFellBehindGoesOnWithTheNewestDueFrameInsteadOfBursting() {
    FramePacing pacing = FramePacing.of(10, 0);
    assertThat(pacing.next(0, 50 * MS)).as("on time: the next frame").isEqualTo(1);
    assertThat(pacing.next(0, 350 * MS))
        .as("frames 1 and 2 are passed over; 3 is the newest due")
        .isEqualTo(3);
    assertThat(pacing.next(7, 350 * MS)).as("never backwards").isEqualTo(8);
    assertThat(pacing.next(0, -10 * MS)).as("before the start").isEqualTo(1);
  }

  @Test
  void aRateThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> FramePacing.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FramePacing.of(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

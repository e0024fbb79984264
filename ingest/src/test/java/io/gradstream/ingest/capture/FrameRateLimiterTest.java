package io.gradstream.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameRateLimiterTest {
  private static final long MS = 1_000_000L;

  private static int admitted(
      FrameRateLimiter limiter, double sourceFps, int frames, long jitterMs) {
    int count = 0;
    long interval = Math.round(1e9 / sourceFps);
    for (int i = 0; i < frames; i++) {
      long jitter = (i % 2 == 0 ? 1 : -1) * jitterMs * MS;
      if (limiter.admit(1_000_000_000L + i * interval + jitter)) count++;
    }
    return count;
  }

  @Test
  void sourceAtTheCapKeepsEveryFrameDespiteJitter() {
    assertThat(admitted(new FrameRateLimiter(10), 10, 100, 8)).isEqualTo(100);
  }

  @Test
  void fasterSourceIsThinnedToTheCap() {
    // 25 fps for 10 s capped at 10 fps: about 100 frames.
    assertThat(admitted(new FrameRateLimiter(10), 25, 250, 0)).isBetween(95, 105);
    assertThat(admitted(new FrameRateLimiter(5), 30, 300, 2)).isBetween(48, 52);
  }

  @Test
  void aStallDoesNotReleaseABurstAfterwards() {
    FrameRateLimiter limiter = new FrameRateLimiter(10);
    assertThat(limiter.admit(0)).isTrue();
    // Nothing for 5 s, then a 25 fps stream again: no catch-up burst of the 50 missed slots.
    int count = 0;
    for (int i = 0; i < 25; i++) {
      if (limiter.admit(5_000 * MS + i * 40 * MS)) count++;
    }
    assertThat(count).isBetween(9, 11);
  }

  @Test
  void refusesANonPositiveCap() {
    assertThatThrownBy(() -> new FrameRateLimiter(0)).hasMessageContaining("maxFps");
  }
}

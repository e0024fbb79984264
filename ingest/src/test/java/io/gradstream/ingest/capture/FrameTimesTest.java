package io.gradstream.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FrameTimesTest {
  private static final long MS = 1_000_000L;

  @Test
  void steadyTenFramesPerSecondReadsAsTen() {
    FrameTimes times = new FrameTimes();
    for (int i = 0; i <= 30; i++) times.record(i * 100 * MS);
    assertThat(times.fps(3_000 * MS)).isCloseTo(10.0, within(0.5));
  }

  @Test
  void fpsFallsToZeroWhenFramesStop() {
    FrameTimes times = new FrameTimes();
    for (int i = 0; i <= 30; i++) times.record(i * 100 * MS);
    assertThat(times.fps(4_000 * MS)).isLessThan(10.0);
    assertThat(times.fps(10_000 * MS)).isZero();
  }
}

package io.gradstream.app.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The compiler's busy share, on a simulated clock and compile-time counter. */
class JitActivityTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong compileMillis = new AtomicLong();
  private final JitActivity jit = new JitActivity(TEN_SECONDS, compileMillis::get, nanos::get);

  private void after(long millis, long compiledMillis) {
    nanos.addAndGet(millis * 1_000_000);
    compileMillis.addAndGet(compiledMillis);
    jit.sample();
  }

  @Test
  void noShareIsKnownUntilTheSamplesCoverTheSpan() {
    jit.sample();
    for (int i = 0; i < 4; i++) {
      after(2_000, 0);
    }
    assertThat(jit.busyShare()).as("8 s of samples").isNaN();
    after(2_000, 0);
    assertThat(jit.busyShare()).isZero();
  }

  @Test
  void theShareIsCompileTimeOverWallTimeOfTheLastSpanOnly() {
    jit.sample();
    for (int i = 0; i < 5; i++) {
      after(2_000, 500); // a busy start: 25 % of the time
    }
    assertThat(jit.busyShare()).isCloseTo(0.25, within(1e-9));
    for (int i = 0; i < 5; i++) {
      after(2_000, 20); // then 1 %
    }
    assertThat(jit.busyShare())
        .as("the busy start is older than the span")
        .isCloseTo(0.01, within(1e-9));
  }

  @Test
  void twoCompilerThreadsAtOnceCountTwice() {
    jit.sample();
    after(10_000, 15_000);
    assertThat(jit.busyShare()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void thisJvmReportsItsCompilationTime() {
    JitActivity thisJvm = JitActivity.ofThisJvm(TEN_SECONDS);
    assertThat(thisJvm).as("HotSpot measures compilation time").isNotNull();
    assertThat(thisJvm.compileMillis()).as("this test's own classes were compiled").isPositive();
  }
}

package io.gradstream.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.config.BackoffConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
  private static final BackoffConfig CONFIG = new BackoffConfig(500, 30_000, 2.0, 0.2);

  @Test
  void delaysGrowExponentiallyUntilTheCap() {
    BackoffPolicy noJitter = new BackoffPolicy(CONFIG, () -> 0.0);
    assertThat(noJitter.delay(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(noJitter.delay(1)).isEqualTo(Duration.ofMillis(1000));
    assertThat(noJitter.delay(5)).isEqualTo(Duration.ofMillis(16_000));
    assertThat(noJitter.delay(6)).isEqualTo(Duration.ofMillis(30_000));
    assertThat(noJitter.delay(1_000)).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void jitterTakesAtMostItsShareOffTheDelay() {
    BackoffPolicy fullJitter = new BackoffPolicy(CONFIG, () -> 0.999_999);
    assertThat(fullJitter.delay(1).toMillis()).isBetween(800L, 801L);
    BackoffPolicy random = new BackoffPolicy(CONFIG);
    for (int i = 0; i < 1_000; i++) {
      assertThat(random.delay(3).toMillis()).isBetween(3_200L, 4_000L);
    }
  }
}

package io.gradstream.app.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

  @Test
  void busyIsEverythingButIdleAndIowaitAndGuestTimeIsNotCountedTwice() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    MachineCpu cpu = MachineCpu.parse("cpu  100 5 50 800 20 3 2 0 40 0");
    assertThat(cpu.totalTicks()).isEqualTo(980);
    assertThat(cpu.busyTicks()).isEqualTo(160);
  }

  @Test
  void coresBusyIsTheBusyShareOfTheTicksBetweenTwoReadingsTimesTheCores() {
    MachineCpu before = new MachineCpu(1_000, 10_000);
    MachineCpu after = new MachineCpu(1_750, 11_000);
    assertThat(after.coresBusySince(before, 2)).isEqualTo(1.5);
    assertThat(before.coresBusySince(before, 2)).isZero();
  }

  @Test
  void aLineThatIsNotTheAggregateOneIsRefused() {
    assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsThisMachine() {
    MachineCpu now = MachineCpu.now();
    assertThat(now).as("Linux has /proc/stat").isNotNull();
    assertThat(now.totalTicks()).isGreaterThanOrEqualTo(now.busyTicks()).isPositive();
  }
}

package io.gradstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromqlProbesTest {

  @Test
  void aDownRuleIsProbedByTheSeriesItComparesAndTheOneAbsentWatches() {
    assertThat(
            PromqlProbes.of(
                "up{job=\"gradstream-inference\"} == 0 or absent(up{job=\"gradstream-inference\"})"))
        .containsExactly("up{job=\"gradstream-inference\"}");
  }

  @Test
  void bothSidesOfUnlessWithAnOnModifierAreProbed() {
    assertThat(
            PromqlProbes.of(
                "max by (camera) (max_over_time(s{state=\"streaming\"}[3m])) == 0\n"
                    + "unless on (camera)\nmax by (camera) (s{state=~\"finished|stopped\"}) == 1"))
        .containsExactly(
            "max by (camera) (max_over_time(s{state=\"streaming\"}[3m]))",
            "max by (camera) (s{state=~\"finished|stopped\"})");
  }

  @Test
  void aThresholdIsDroppedAndAnExpressionOnTheRightIsKept() {
    assertThat(PromqlProbes.of("sum(rate(a[5m])) / sum(rate(b[5m])) > 0.5"))
        .containsExactly("sum(rate(a[5m])) / sum(rate(b[5m]))");
    assertThat(PromqlProbes.of("x < 0.5 * (y)")).containsExactly("x", "0.5 * (y)");
    assertThat(PromqlProbes.of("x >= bool 1e-3")).containsExactly("x");
  }

  @Test
  void nestedGroupsAreSplitByPrecedence() {
    assertThat(PromqlProbes.of("(a < 0.5 * b or a < 0.02) and c >= 20"))
        .containsExactly("a", "0.5 * b", "c");
    assertThat(PromqlProbes.of("a > on (x) group_left (y) b")).containsExactly("a", "b");
    assertThat(PromqlProbes.of("(a) or (b > 1)")).containsExactly("a", "b");
  }

  @Test
  void operatorsInsideStringsBracketsAndNamesAreNotSplit() {
    assertThat(PromqlProbes.of("x{l=\"a or b > c\"} > 1")).containsExactly("x{l=\"a or b > c\"}");
    assertThat(PromqlProbes.of("order_total > 1 or android_up"))
        .containsExactly("order_total", "android_up");
    assertThat(PromqlProbes.of("histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m]))) > 2"))
        .containsExactly("histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))");
  }

  @Test
  void anExpressionWithoutComparisonIsItsOwnProbe() {
    assertThat(PromqlProbes.of("  rate(x[5m])\n")).containsExactly("rate(x[5m])");
  }
}

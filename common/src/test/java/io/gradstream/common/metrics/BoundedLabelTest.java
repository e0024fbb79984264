package io.gradstream.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedLabelTest {

  @Test
  void valuesUnderTheCapKeepTheirOwnLabelAndLaterOnesShareOther() {
    BoundedLabel label = new BoundedLabel(2);
    assertThat(label.of("door")).isEqualTo("door");
    assertThat(label.of("yard")).isEqualTo("yard");
    assertThat(label.of("gate")).isEqualTo(BoundedLabel.OTHER);
    assertThat(label.of("door")).as("an admitted value stays itself").isEqualTo("door");
  }

  @Test
  void missingOrBlankValuesAreUnknownAndTakeNoPlace() {
    BoundedLabel label = new BoundedLabel(1);
    assertThat(label.of(null)).isEqualTo(BoundedLabel.UNKNOWN);
    assertThat(label.of(" ")).isEqualTo(BoundedLabel.UNKNOWN);
    assertThat(label.of("door")).isEqualTo("door");
  }

  @Test
  void racingThreadsNeverAdmitMoreThanTheCap() {
    BoundedLabel label = new BoundedLabel(10);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(label.of("camera-" + i)));
    assertThat(seen).hasSize(11).contains(BoundedLabel.OTHER);
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThatThrownBy(() -> new BoundedLabel(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

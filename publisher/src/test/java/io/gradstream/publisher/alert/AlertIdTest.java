package io.gradstream.publisher.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertIdTest {
  @Test
  void theSameEpisodeAlwaysGetsTheSameId() {
    String a = AlertId.of("yard", "s1", 7, AlertType.WRONG_REASONS, 120);
    String b = AlertId.of("yard", "s1", 7, AlertType.WRONG_REASONS, 120);

    assertThat(a).isEqualTo(b).matches("[0-9a-f]{64}");
    assertThat(AlertId.isWellFormed(a)).isTrue();
  }

  @Test
  void anyDifferingFieldGivesAnotherId() {
    Set<String> ids = new HashSet<>();
    ids.add(AlertId.of("yard", "s1", 7, AlertType.WRONG_REASONS, 120));
    ids.add(AlertId.of("gate", "s1", 7, AlertType.WRONG_REASONS, 120));
    ids.add(AlertId.of("yard", "s2", 7, AlertType.WRONG_REASONS, 120));
    ids.add(AlertId.of("yard", "s1", 8, AlertType.WRONG_REASONS, 120));
    ids.add(AlertId.of("yard", "s1", 7, AlertType.LOW_CONFIDENCE, 120));
    ids.add(AlertId.of("yard", "s1", 7, AlertType.WRONG_REASONS, 121));
    assertThat(ids).hasSize(6);
  }

  @Test
  void fieldBoundariesCannotBeShiftedToCollide() {
    assertThat(AlertId.of("ab", "c", 1, AlertType.CLASS_FLIP, 1))
        .isNotEqualTo(AlertId.of("a", "bc", 1, AlertType.CLASS_FLIP, 1));
  }

  @Test
  void onlySixtyFourLowerCaseHexDigitsAreWellFormed() {
    assertThat(AlertId.isWellFormed("a".repeat(64))).isTrue();
    assertThat(AlertId.isWellFormed("A".repeat(64))).isFalse();
    assertThat(AlertId.isWellFormed("a".repeat(63))).isFalse();
    assertThat(AlertId.isWellFormed("../" + "a".repeat(61))).isFalse();
    assertThat(AlertId.isWellFormed(null)).isFalse();
  }
}

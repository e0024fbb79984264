package io.gradstream.publisher.alert;

import io.gradstream.publisher.alert.rule.AlertRule;
import io.gradstream.publisher.alert.rule.TrackRuleState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine remembers of one track: each rule's state, when each rule last fired, when it was
 * last seen.
 */
final class TrackAlertState {
  private final Map<AlertType, TrackRuleState> rules = new EnumMap<>(AlertType.class);
  private final Map<AlertType, Long> lastFiredMicros = new EnumMap<>(AlertType.class);
  private long lastSeenMicros;

  TrackAlertState(List<AlertRule> enabled) {
    for (AlertRule rule : enabled) {
      rules.put(rule.type(), rule.newTrackState());
    }
  }

  TrackRuleState rule(AlertType type) {
    return rules.get(type);
  }

  /**
   * Whether {@code type} may fire at {@code nowMicros}: never fired, or last fired at least {@code
   * cooldownMicros} before. Marks it fired when it may.
   */
  boolean tryFire(AlertType type, long nowMicros, long cooldownMicros) {
    Long last = lastFiredMicros.get(type);
    if (last != null && nowMicros - last < cooldownMicros) {
      return false;
    }
    lastFiredMicros.put(type, nowMicros);
    return true;
  }

  void seen(long micros) {
    lastSeenMicros = Math.max(lastSeenMicros, micros);
  }

  long lastSeenMicros() {
    return lastSeenMicros;
  }
}

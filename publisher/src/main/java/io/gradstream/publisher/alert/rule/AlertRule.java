package io.gradstream.publisher.alert.rule;

import io.gradstream.publisher.alert.AlertType;

/**
 * One kind of alert: a fresh {@link TrackRuleState} per track holds what the rule remembers of it.
 */
public interface AlertRule {
  /** The alert this rule raises. */
  AlertType type();

  /** The state of a track the rule has not seen yet. */
  TrackRuleState newTrackState();
}

package io.gradstream.publisher.alert.rule;

import io.gradstream.common.wire.Detection;
import java.util.Optional;

/**
 * A track's state under a rule made of a {@link FrameCondition} and {@link Hysteresis}. Frames the
 * condition cannot judge (no explanation) leave the state as it is: they are neither evidence of a
 * problem nor of its end.
 */
final class EpisodeState implements TrackRuleState {
  private final FrameCondition condition;
  private final Hysteresis hysteresis;

  EpisodeState(FrameCondition condition, Hysteresis hysteresis) {
    this.condition = condition;
    this.hysteresis = hysteresis;
  }

  @Override
  public Optional<Trigger> observe(long seq, Detection detection) {
    if (!condition.applies(detection)) {
      return Optional.empty();
    }
    if (hysteresis.observe(seq, condition.isBad(detection))) {
      return Optional.of(
          new Trigger(
              hysteresis.badRunStartSeq(), condition.reason(detection, hysteresis.badRun())));
    }
    return Optional.empty();
  }
}

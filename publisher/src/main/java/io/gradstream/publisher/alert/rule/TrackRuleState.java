package io.gradstream.publisher.alert.rule;

import io.gradstream.common.wire.Detection;
import java.util.Optional;

/** One rule's memory of one track; sees the track's detections in frame order. */
public interface TrackRuleState {
  /**
   * Takes the track's detection in frame {@code seq}.
   *
   * @return a trigger when an episode starts with this frame, else empty
   */
  Optional<Trigger> observe(long seq, Detection detection);
}

package io.gradstream.publisher.alert.rule;

import io.gradstream.common.wire.Detection;

/** A per-frame test of one detection, for rules whose episodes are runs of frames failing it. */
interface FrameCondition {
  /** Whether the detection can be judged at all (e.g. it carries an explanation quality). */
  boolean applies(Detection detection);

  /** Whether this frame is a bad one. */
  boolean isBad(Detection detection);

  /** Why an episode of {@code frames} bad frames, ending with {@code detection}, is alarming. */
  String reason(Detection detection, int frames);
}

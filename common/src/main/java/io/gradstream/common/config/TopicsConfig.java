package io.gradstream.common.config;

import java.util.List;

/** The topics gradstream uses; each is created at start when missing. */
public record TopicsConfig(
    TopicConfig frames,
    TopicConfig detections,
    TopicConfig alerts,
    TopicConfig cameras,
    TopicConfig deadLetter) {

  /** All topics, in the order they are created. */
  public List<TopicConfig> all() {
    return List.of(frames, detections, alerts, cameras, deadLetter);
  }
}

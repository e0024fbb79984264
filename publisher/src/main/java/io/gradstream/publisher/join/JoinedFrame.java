package io.gradstream.publisher.join;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;

/**
 * A frame with its detections, matched by camera, ingest session and sequence number.
 *
 * @param frame the frame as ingest captured it
 * @param detections its detections and explanations, or null when none came in time (the worker
 *     dropped the frame as stale, or no worker runs): the frame is shown as it is
 */
public record JoinedFrame(FrameEnvelope frame, ExplainedFrame detections) {

  /** The camera's registry id. */
  public String cameraId() {
    return frame.getCameraId();
  }

  /** Whether the detections came. */
  public boolean hasDetections() {
    return detections != null;
  }
}

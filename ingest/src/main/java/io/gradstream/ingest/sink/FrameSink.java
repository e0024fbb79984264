package io.gradstream.ingest.sink;

import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.ingest.capture.DropReason;

/**
 * Where captured frames go. Sends never block for long: video is latest-wins, so a frame that
 * cannot go is dropped.
 */
public interface FrameSink {

  /** Receives frames that could not be delivered. Called on an I/O thread; must not block. */
  @FunctionalInterface
  interface DropListener {
    void dropped(DropReason reason, String error);
  }

  /** Sends one frame; failures are reported to {@code onDrop}, never thrown. */
  void send(FrameEnvelope frame, DropListener onDrop);
}

package io.gradstream.ingest.capture;

import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.ingest.sink.FrameSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps every frame in memory, for tests of what the capture loop produces. */
final class CollectingSink implements FrameSink {
  final List<FrameEnvelope> frames = new CopyOnWriteArrayList<>();

  @Override
  public void send(FrameEnvelope frame, DropListener onDrop) {
    frames.add(frame);
  }
}

package io.gradstream.inference.worker.pipeline;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.worker.sink.ResultSink;
import io.gradstream.inference.worker.source.InboundFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what the pipeline writes; acknowledges at once, or holds the acknowledgements until
 * released.
 */
final class CollectingSink implements ResultSink {
  record DeadLetter(InboundFrame record, String reason) {}

  final List<ExplainedFrame> explained = new CopyOnWriteArrayList<>();
  final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  final List<Runnable> heldAcks = new CopyOnWriteArrayList<>();
  private final boolean hold;

  CollectingSink(boolean holdAcknowledgements) {
    this.hold = holdAcknowledgements;
  }

  @Override
  public void explained(ExplainedFrame frame, Runnable onWritten) {
    explained.add(frame);
    ack(onWritten);
  }

  @Override
  public void deadLetter(InboundFrame record, String reason, Runnable onWritten) {
    deadLetters.add(new DeadLetter(record, reason));
    ack(onWritten);
  }

  private void ack(Runnable onWritten) {
    if (hold) {
      heldAcks.add(onWritten);
    } else {
      onWritten.run();
    }
  }
}

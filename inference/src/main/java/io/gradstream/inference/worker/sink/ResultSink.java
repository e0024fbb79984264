package io.gradstream.inference.worker.sink;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.worker.source.InboundFrame;

/**
 * Where the pipeline's results go: explained frames to the detections topic, unreadable records to
 * the dead-letter topic. Both calls return at once; {@code onWritten} runs when the write is
 * durable (for Kafka: acknowledged by all in-sync replicas), and only then may the source record's
 * offset be committed. A write that cannot be made durable never calls {@code onWritten}; the sink
 * reports it to whoever runs the worker instead.
 */
public interface ResultSink {

  /** Writes one frame's detections, keyed by its camera. */
  void explained(ExplainedFrame frame, Runnable onWritten);

  /** Writes an unreadable record as it came, with the reason, to the dead-letter topic. */
  void deadLetter(InboundFrame record, String reason, Runnable onWritten);
}

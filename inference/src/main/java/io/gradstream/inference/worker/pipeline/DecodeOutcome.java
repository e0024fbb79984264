package io.gradstream.inference.worker.pipeline;

import io.gradstream.inference.worker.source.InboundFrame;

/**
 * What decoding made of one record: a frame for the detector, a deliberate drop, or an unreadable
 * record.
 */
public sealed interface DecodeOutcome {

  /** The record decoded to a frame. */
  record Decoded(DecodedFrame frame) implements DecodeOutcome {}

  /** The record is fine but not worth detecting (stale, or its partition left). */
  record Dropped(InboundFrame record, DropReason reason) implements DecodeOutcome {}

  /**
   * The record cannot be read; {@code reason} says why, for the dead-letter topic and the operator.
   */
  record Undecodable(InboundFrame record, String reason) implements DecodeOutcome {}
}

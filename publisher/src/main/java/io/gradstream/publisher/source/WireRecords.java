package io.gradstream.publisher.source;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;

/**
 * Decodes the publisher's input records. Protobuf parses almost any bytes into some message (an
 * empty value is a valid empty message, and one message type parses as another), so a record also
 * has to carry what every real one does: a camera id and a sequence number from 1, and for a frame
 * its image bytes.
 */
final class WireRecords {
  private WireRecords() {}

  /** The frame in a frames-topic value. */
  static FrameEnvelope frame(byte[] value) throws UndecodableRecord {
    if (value == null || value.length == 0) {
      throw new UndecodableRecord("empty record: no FrameEnvelope", null);
    }
    FrameEnvelope frame;
    try {
      frame = FrameEnvelope.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new UndecodableRecord("not a FrameEnvelope: " + e.getMessage(), e);
    }
    if (frame.getCameraId().isEmpty()) {
      throw new UndecodableRecord("FrameEnvelope without camera_id", null);
    }
    if (frame.getSeq() < 1 || frame.getData().isEmpty()) {
      throw new UndecodableRecord(
          "not a FrameEnvelope: seq "
              + frame.getSeq()
              + " (from 1) and "
              + frame.getData().size()
              + " bytes of image data",
          null);
    }
    return frame;
  }

  /** The explained frame in a detections-topic value. */
  static ExplainedFrame explained(byte[] value) throws UndecodableRecord {
    if (value == null || value.length == 0) {
      throw new UndecodableRecord("empty record: no ExplainedFrame", null);
    }
    ExplainedFrame explained;
    try {
      explained = ExplainedFrame.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new UndecodableRecord("not an ExplainedFrame: " + e.getMessage(), e);
    }
    if (explained.getCameraId().isEmpty()) {
      throw new UndecodableRecord("ExplainedFrame without camera_id", null);
    }
    if (explained.getSeq() < 1) {
      throw new UndecodableRecord(
          "not an ExplainedFrame: seq " + explained.getSeq() + " (frames count from 1)", null);
    }
    return explained;
  }
}

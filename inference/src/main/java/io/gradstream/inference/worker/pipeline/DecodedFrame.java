package io.gradstream.inference.worker.pipeline;

import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.worker.source.InboundFrame;

/**
 * A frame ready for the detector.
 *
 * @param source the record it came from (its offset is done once its detections are written)
 * @param envelope the frame's metadata; its JPEG bytes are not needed any more
 * @param image the decoded pixels
 * @param queueNanos time between the poll and the decode starting
 * @param decodeNanos time the decode took
 */
public record DecodedFrame(
    InboundFrame source,
    FrameEnvelope envelope,
    BgrImage image,
    long queueNanos,
    long decodeNanos) {}

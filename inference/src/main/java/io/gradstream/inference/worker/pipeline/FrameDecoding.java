package io.gradstream.inference.worker.pipeline;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.worker.source.InboundFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Turns a frames-topic record into pixels: parse the {@code FrameEnvelope}, drop it when stale, decode
 * the JPEG. Staleness is checked before the decode so a worker that fell behind catches up without
 * spending CPU on frames nobody will see. Capture times come from ingest's wall clock, so the hosts'
 * clocks must agree to well within {@code max-frame-age-ms} (NTP does).
 */
public final class FrameDecoding {
  private final Function<byte[], BgrImage> jpegDecoder;
  private final Clock clock;
  private final long maxAgeMicros;

  /**
   * @param jpegDecoder JPEG bytes to BGR pixels; throws on bytes that are not a readable JPEG
   * @param clock       wall clock, compared with the frames' capture times
   * @param maxFrameAge older frames are dropped as stale
   */
  public FrameDecoding(Function<byte[], BgrImage> jpegDecoder, Clock clock, Duration maxFrameAge) {
    this.jpegDecoder = jpegDecoder;
    this.clock = clock;
    this.maxAgeMicros = maxFrameAge.toNanos() / 1_000;
  }

  /** Decodes one record; never throws. */
  public DecodeOutcome decode(InboundFrame record) {
    long started = System.nanoTime();
    if (record.revoked()) {
      return new DecodeOutcome.Dropped(record, DropReason.REVOKED);
    }
    if (record.value() == null || record.value().length == 0) {
      return new DecodeOutcome.Undecodable(record, "empty record: no FrameEnvelope");
    }
    FrameEnvelope envelope;
    try {
      envelope = FrameEnvelope.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      return new DecodeOutcome.Undecodable(record, "not a FrameEnvelope: " + e.getMessage());
    }
    if (envelope.getEncoding() != FrameEncoding.FRAME_ENCODING_JPEG) {
      return new DecodeOutcome.Undecodable(record, "unsupported frame encoding " + envelope.getEncoding()
          + " (only JPEG)");
    }
    if (envelope.getCameraId().isEmpty()) {
      return new DecodeOutcome.Undecodable(record, "FrameEnvelope without camera_id");
    }
    // Compared as "captured before now - max age", not as "now - captured > max age": the subtraction
    // overflows for a capture time near Long.MIN_VALUE, and such a frame must count as stale, not fresh.
    long oldestFreshMicros = clock.instant().toEpochMilli() * 1_000 - maxAgeMicros;
    if (envelope.getCaptureTimeUnixMicros() < oldestFreshMicros) {
      return new DecodeOutcome.Dropped(record, DropReason.STALE);
    }
    BgrImage image;
    try {
      image = jpegDecoder.apply(envelope.getData().toByteArray());
    } catch (RuntimeException e) {
      return new DecodeOutcome.Undecodable(record, "corrupt JPEG: " + describe(e));
    }
    if (image == null) {
      return new DecodeOutcome.Undecodable(record, "corrupt JPEG: the decoder returned no image");
    }
    // The JPEG is no longer needed; keeping it would double the memory of every queued frame.
    FrameEnvelope metadata = envelope.toBuilder().clearData().build();
    return new DecodeOutcome.Decoded(new DecodedFrame(record, metadata, image, started - record.receivedNanos(),
        System.nanoTime() - started));
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
  }
}

package io.gradstream.inference.worker.pipeline;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.config.InferenceConfig;
import io.gradstream.common.image.JpegHeader;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.worker.source.InboundFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a frames-topic record into pixels: parse the {@code FrameEnvelope}, drop it when stale,
 * decode the JPEG. Staleness is checked before the decode so a worker that fell behind catches up
 * without spending CPU on frames nobody will see. A frame with more pixels than {@code
 * inference.max-frame-pixels}, as the envelope declares it or as its JPEG header says, is
 * undecodable and not decoded: decoding allocates width x height x 3 bytes, whatever the size of
 * the JPEG. Capture times come from ingest's wall clock, so the hosts' clocks must agree to well
 * within {@code max-frame-age-ms} (NTP does).
 */
public final class FrameDecoding {
  private final Function<byte[], BgrImage> jpegDecoder;
  private final Clock clock;
  private final long maxAgeMicros;
  private final long maxPixels;

  /**
   * @param jpegDecoder JPEG bytes to BGR pixels; throws on bytes that are not a readable JPEG
   * @param clock wall clock, compared with the frames' capture times
   * @param maxFrameAge older frames are dropped as stale; frames over the default pixel limit are
   *     undecodable
   */
  public FrameDecoding(Function<byte[], BgrImage> jpegDecoder, Clock clock, Duration maxFrameAge) {
    this(jpegDecoder, clock, maxFrameAge, InferenceConfig.DEFAULT_MAX_FRAME_PIXELS);
  }

  /**
   * @param jpegDecoder JPEG bytes to BGR pixels; throws on bytes that are not a readable JPEG
   * @param clock wall clock, compared with the frames' capture times
   * @param maxFrameAge older frames are dropped as stale
   * @param maxPixels larger frames are undecodable, checked before decoding
   */
  public FrameDecoding(
      Function<byte[], BgrImage> jpegDecoder, Clock clock, Duration maxFrameAge, long maxPixels) {
    this.jpegDecoder = jpegDecoder;
    this.clock = clock;
    this.maxAgeMicros = maxFrameAge.toNanos() / 1_000;
    this.maxPixels = maxPixels;
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
      return new DecodeOutcome.Undecodable(
          record, "unsupported frame encoding " + envelope.getEncoding() + " (only JPEG)");
    }
    if (envelope.getCameraId().isEmpty()) {
      return new DecodeOutcome.Undecodable(record, "FrameEnvelope without camera_id");
    }
    // Compared as "captured before now - max age", not as "now - captured > max age": the
    // subtraction
    // overflows for a capture time near Long.MIN_VALUE, and such a frame must count as stale, not
    // fresh.
    long oldestFreshMicros = clock.instant().toEpochMilli() * 1_000 - maxAgeMicros;
    if (envelope.getCaptureTimeUnixMicros() < oldestFreshMicros) {
      return new DecodeOutcome.Dropped(record, DropReason.STALE);
    }
    long declared = (long) envelope.getWidth() * envelope.getHeight();
    if (declared > maxPixels) {
      return new DecodeOutcome.Undecodable(
          record,
          tooLarge("declares " + envelope.getWidth() + "x" + envelope.getHeight(), declared));
    }
    byte[] jpeg = envelope.getData().toByteArray();
    Optional<JpegHeader> header = JpegHeader.read(jpeg);
    if (header.isEmpty() && JpegHeader.startsLikeJpeg(jpeg)) {
      // Its size cannot be told before decoding, so it is not decoded; bytes not even starting like
      // a JPEG
      // are left to the decoder, which says what they are.
      return new DecodeOutcome.Undecodable(
          record,
          "corrupt JPEG: no frame header (SOF marker) before the image data ("
              + jpeg.length
              + " bytes)");
    }
    if (header.isPresent() && header.get().pixels() > maxPixels) {
      return new DecodeOutcome.Undecodable(
          record,
          tooLarge(
              "has a JPEG of " + header.get().width() + "x" + header.get().height(),
              header.get().pixels()));
    }
    BgrImage image;
    try {
      image = jpegDecoder.apply(jpeg);
    } catch (RuntimeException e) {
      return new DecodeOutcome.Undecodable(record, "corrupt JPEG: " + describe(e));
    }
    if (image == null) {
      return new DecodeOutcome.Undecodable(record, "corrupt JPEG: the decoder returned no image");
    }
    // The JPEG is no longer needed; keeping it would double the memory of every queued frame.
    FrameEnvelope metadata = envelope.toBuilder().clearData().build();
    return new DecodeOutcome.Decoded(
        new DecodedFrame(
            record,
            metadata,
            image,
            started - record.receivedNanos(),
            System.nanoTime() - started));
  }

  private String tooLarge(String what, long pixels) {
    return "frame too large: it "
        + what
        + " = "
        + pixels
        + " pixels, above inference.max-frame-pixels ("
        + maxPixels
        + "); not decoded. Lower the camera's resolution, or raise inference.max-frame-pixels if such frames are meant";
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName()
        : e.getMessage();
  }
}

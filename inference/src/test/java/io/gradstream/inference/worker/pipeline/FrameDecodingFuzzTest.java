package io.gradstream.inference.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.inference.DamagedBytes;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.JpegDecoder;
import io.gradstream.inference.worker.source.InboundFrame;
import io.gradstream.inference.worker.source.PartitionLedger;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.imageio.ImageIO;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what the inference worker does with a frames-topic record ({@link FrameDecoding} with the
 * production OpenCV {@link JpegDecoder}): raw bytes, byte-mutated valid envelopes, and envelopes
 * with hostile fields (unknown encodings, missing camera, capture times at the ends of the range,
 * JPEGs truncated, bit-flipped or claiming other dimensions). Whatever comes in, decoding returns
 * an outcome and never throws, so one bad record cannot stop a worker; an unreadable record says
 * why (for the dead-letter topic); a frame older than the age limit is never decoded.
 */
class FrameDecodingFuzzTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long NOW_MICROS = NOW.toEpochMilli() * 1_000;
  private static final Duration MAX_AGE = Duration.ofSeconds(2);
  private static final byte[] JPEG = tinyJpeg();
  private static final FrameDecoding DECODING =
      new FrameDecoding(JpegDecoder::decode, Clock.fixed(NOW, ZoneOffset.UTC), MAX_AGE);
  private static final PartitionLedger LEDGER =
      new PartitionLedger(new TopicPartition("gradstream.frames", 0));

  @FuzzTest(maxDuration = "15s")
  void anyRecordDecodesOrIsDroppedOrSaysWhyItIsUnreadable(FuzzedDataProvider data) {
    byte[] value =
        switch (data.consumeInt(0, 2)) {
          case 0 -> data.consumeBytes(2_000);
          case 1 -> DamagedBytes.of(data, valid().build().toByteArray());
          default -> hostile(data).toByteArray();
        };
    decodesWithoutThrowing(value);
  }

  // ---------------------------------------------------------------- inputs the fuzzer found,
  // replayed exactly

  @Test
  void aCaptureTimeAtTheStartOfTimeIsStaleNotFresh() {
    byte[] value = valid().setCaptureTimeUnixMicros(Long.MIN_VALUE).build().toByteArray();
    decodesWithoutThrowing(value);
    LEDGER.received(0);
    assertThat(DECODING.decode(new InboundFrame(LEDGER, 0, "cam", value, System.nanoTime())))
        .isInstanceOfSatisfying(
            DecodeOutcome.Dropped.class, d -> assertThat(d.reason()).isEqualTo(DropReason.STALE));
  }

  @Test
  void aJpegClaimingHugeDimensionsIsRefusedBeforeDecoding() {
    for (int[] size : new int[][] {{30_000, 30_000}, {0xFFFF, 0xFFFF}, {0, 16}}) {
      byte[] value =
          valid()
              .setData(ByteString.copyFrom(withDimensions(JPEG, size[0], size[1])))
              .build()
              .toByteArray();
      decodesWithoutThrowing(value);
      LEDGER.received(0);
      assertThat(DECODING.decode(new InboundFrame(LEDGER, 0, "cam", value, System.nanoTime())))
          .as("a %dx%d JPEG", size[0], size[1])
          .isInstanceOf(DecodeOutcome.Undecodable.class);
    }
  }

  /** The property, checked on one record value. */
  static void decodesWithoutThrowing(byte[] value) {
    long offset = 0;
    LEDGER.received(offset);
    DecodeOutcome outcome =
        DECODING.decode(new InboundFrame(LEDGER, offset, "cam", value, System.nanoTime()));
    assertThat(outcome).isNotNull();
    switch (outcome) {
      case DecodeOutcome.Undecodable u -> assertThat(u.reason()).isNotBlank();
      case DecodeOutcome.Dropped d -> assertThat(d.reason()).isNotNull();
      case DecodeOutcome.Decoded decoded -> {
        FrameEnvelope frame = decoded.frame().envelope();
        BgrImage image = decoded.frame().image();
        assertThat(frame.getCameraId()).isNotEmpty();
        assertThat(frame.getEncoding()).isEqualTo(FrameEncoding.FRAME_ENCODING_JPEG);
        assertThat(frame.getCaptureTimeUnixMicros())
            .as("a decoded frame is not older than the age limit")
            .isGreaterThanOrEqualTo(NOW_MICROS - MAX_AGE.toNanos() / 1_000);
        assertThat(image.pixels()).hasSize(image.width() * image.height() * 3);
      }
    }
  }

  private static FrameEnvelope.Builder valid() {
    return FrameEnvelope.newBuilder()
        .setCameraId("cam")
        .setSeq(1)
        .setCaptureTimeUnixMicros(NOW_MICROS)
        .setIngestSession("s")
        .setWidth(16)
        .setHeight(16)
        .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
        .setData(ByteString.copyFrom(JPEG));
  }

  private static FrameEnvelope hostile(FuzzedDataProvider data) {
    FrameEnvelope.Builder b = valid();
    if (data.consumeBoolean()) b.setCameraId(data.consumeBoolean() ? "" : data.consumeString(300));
    if (data.consumeBoolean()) b.setEncodingValue(data.consumeInt(-2, 3));
    if (data.consumeBoolean()) {
      b.setCaptureTimeUnixMicros(
          data.consumeBoolean()
              ? data.pickValue(
                  new long[] {
                    Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, NOW_MICROS - 2_000_001, NOW_MICROS + 1
                  })
              : data.consumeLong());
    }
    if (data.consumeBoolean()) b.setSeq(data.consumeLong());
    if (data.consumeBoolean()) {
      b.setWidth(data.consumeInt()).setHeight(data.consumeInt());
    }
    b.setData(
        ByteString.copyFrom(
            switch (data.consumeInt(0, 3)) {
              case 0 -> JPEG;
              case 1 -> DamagedBytes.of(data, JPEG);
              case 2 ->
                  withDimensions(JPEG, data.consumeInt(0, 0xFFFF), data.consumeInt(0, 0xFFFF));
              default -> data.consumeBytes(1_000);
            }));
    return b.build();
  }

  /** The JPEG with its frame header (SOF0) claiming another size, the data left as it is. */
  static byte[] withDimensions(byte[] jpeg, int width, int height) {
    byte[] bytes = jpeg.clone();
    for (int i = 2; i + 8 < bytes.length; i++) {
      if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xC0) {
        bytes[i + 5] = (byte) (height >> 8);
        bytes[i + 6] = (byte) height;
        bytes[i + 7] = (byte) (width >> 8);
        bytes[i + 8] = (byte) width;
        break;
      }
    }
    return bytes;
  }

  private static byte[] tinyJpeg() {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, (x * 16) << 16 | (y * 16) << 8 | 0x40);
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.gradstream.inference.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.JpegDecoder;
import io.gradstream.inference.worker.source.InboundFrame;
import io.gradstream.inference.worker.source.PartitionLedger;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Real JPEGs through the decode step with the real (OpenCV) decoder: size limits and corrupt bytes.
 */
class FrameDecodingTest {
  private static final long LIMIT = 1_000_000; // pixels
  private final PartitionLedger ledger =
      new PartitionLedger(new TopicPartition("gradstream.frames", 0));
  private final AtomicInteger decodes = new AtomicInteger();
  private final Function<byte[], BgrImage> counting =
      jpeg -> {
        decodes.incrementAndGet();
        return JpegDecoder.decode(jpeg);
      };
  private final FrameDecoding decoding =
      new FrameDecoding(counting, Clock.systemUTC(), Duration.ofMinutes(1), LIMIT);

  private static byte[] jpeg(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "jpg", out);
    return out.toByteArray();
  }

  private InboundFrame record(long offset, int declaredWidth, int declaredHeight, byte[] jpeg) {
    byte[] value =
        FrameEnvelope.newBuilder()
            .setCameraId("yard")
            .setSeq(offset)
            .setCaptureTimeUnixMicros(System.currentTimeMillis() * 1_000)
            .setWidth(declaredWidth)
            .setHeight(declaredHeight)
            .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
            .setData(ByteString.copyFrom(jpeg))
            .build()
            .toByteArray();
    ledger.received(offset);
    return new InboundFrame(ledger, offset, "yard", value, System.nanoTime());
  }

  @Test
  void aFrameWithinTheLimitIsDecoded() throws Exception {
    DecodeOutcome outcome = decoding.decode(record(1, 1000, 1000, jpeg(1000, 1000)));
    assertThat(outcome)
        .isInstanceOfSatisfying(
            DecodeOutcome.Decoded.class,
            d -> assertThat(d.frame().image().width()).isEqualTo(1000));
  }

  @Test
  void aJpegWhoseHeaderExceedsTheLimitIsNotDecodedWhateverTheEnvelopeDeclares() throws Exception {
    DecodeOutcome outcome = decoding.decode(record(1, 64, 48, jpeg(1200, 1000)));
    assertThat(outcome)
        .isInstanceOfSatisfying(
            DecodeOutcome.Undecodable.class,
            u ->
                assertThat(u.reason())
                    .startsWith("frame too large")
                    .contains("1200x1000")
                    .contains("inference.max-frame-pixels (1000000)"));
    assertThat(decodes).as("no pixels were allocated").hasValue(0);
  }

  @Test
  void anEnvelopeDeclaringTooManyPixelsIsNotDecoded() throws Exception {
    DecodeOutcome outcome = decoding.decode(record(1, 65_535, 65_535, jpeg(64, 48)));
    assertThat(outcome)
        .isInstanceOfSatisfying(
            DecodeOutcome.Undecodable.class,
            u ->
                assertThat(u.reason())
                    .startsWith("frame too large")
                    .contains("declares 65535x65535"));
    assertThat(decodes).hasValue(0);
  }

  @Test
  void aTruncatedJpegIsUndecodableSayingSo() throws Exception {
    byte[] whole = jpeg(320, 240);
    DecodeOutcome outcome =
        decoding.decode(record(1, 320, 240, Arrays.copyOf(whole, whole.length / 2)));
    assertThat(outcome)
        .isInstanceOfSatisfying(
            DecodeOutcome.Undecodable.class,
            u -> assertThat(u.reason()).startsWith("corrupt JPEG").contains("truncated JPEG"));
  }

  @Test
  void garbageAfterTheJpegStartMarkerIsUndecodableBeforeDecoding() {
    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    DecodeOutcome outcome = decoding.decode(record(1, 320, 240, garbage));
    assertThat(outcome).isInstanceOf(DecodeOutcome.Undecodable.class);
    assertThat(((DecodeOutcome.Undecodable) outcome).reason()).startsWith("corrupt JPEG");
  }
}

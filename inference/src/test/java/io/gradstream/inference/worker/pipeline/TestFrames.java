package io.gradstream.inference.worker.pipeline;

import com.google.protobuf.ByteString;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.worker.source.InboundFrame;
import io.gradstream.inference.worker.source.PartitionLedger;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Frames for pipeline tests. Their "JPEG" is a tiny stand-in ({@code IMG} + the x of the one object
 * in the picture) that {@link #decoder()} turns into an 8x8 BGR image carrying that x, so tests
 * control what the {@link BoxDetector} sees without a real codec.
 */
final class TestFrames {
  static final int SIZE = 8;

  private TestFrames() {}

  /** A serialized FrameEnvelope of {@code camera} whose one object sits at {@code objectX}. */
  static byte[] envelope(String camera, long seq, long captureMicros, int objectX) {
    byte[] picture =
        ByteBuffer.allocate(7)
            .put((byte) 'I')
            .put((byte) 'M')
            .put((byte) 'G')
            .putInt(objectX)
            .array();
    return frame(camera, seq, captureMicros, picture);
  }

  static byte[] frame(String camera, long seq, long captureMicros, byte[] picture) {
    return FrameEnvelope.newBuilder()
        .setCameraId(camera)
        .setSeq(seq)
        .setCaptureTimeUnixMicros(captureMicros)
        .setIngestSession("session-" + camera)
        .setWidth(SIZE)
        .setHeight(SIZE)
        .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
        .setData(ByteString.copyFrom(picture))
        .build()
        .toByteArray();
  }

  static InboundFrame record(PartitionLedger ledger, long offset, String key, byte[] value) {
    ledger.received(offset);
    return new InboundFrame(ledger, offset, key, value, System.nanoTime());
  }

  /** The stand-in JPEG decoder: throws on anything that is not {@code IMG} + an int. */
  static Function<byte[], BgrImage> decoder() {
    return bytes -> {
      if (bytes.length != 7 || bytes[0] != 'I' || bytes[1] != 'M' || bytes[2] != 'G') {
        throw new IllegalArgumentException("not a JPEG: bad marker");
      }
      byte[] pixels = new byte[SIZE * SIZE * 3];
      System.arraycopy(bytes, 3, pixels, 0, 4);
      return new BgrImage(SIZE, SIZE, pixels);
    };
  }

  /** The object x written by {@link #envelope}, read back from decoded pixels. */
  static int objectX(BgrImage image) {
    return ByteBuffer.wrap(image.pixels(), 0, 4).getInt();
  }
}

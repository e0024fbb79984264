package io.gradstream.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.gradstream.common.image.JpegHeader;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.testing.TestImages;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

class JpegDecoderTest {

  private static byte[] jpeg(BgrImage image) {
    try (PointerScope scope = new PointerScope();
        BytePointer out = new BytePointer()) {
      if (!imencode(".jpg", BgrMats.toMat(image), out)) {
        throw new IllegalStateException("imencode failed");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  @Test
  void theHeaderStatesTheSizeItDecodesTo() {
    byte[] jpeg = jpeg(TestImages.solid(97, 31, 10, 20, 30));
    BgrImage decoded = JpegDecoder.decode(jpeg);
    assertThat(JpegHeader.read(jpeg)).contains(new JpegHeader(decoded.width(), decoded.height()));

    // Stray bytes before a marker: libjpeg skips them and decodes, and so the header reader must
    // read past them.
    int afterApp0 = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    byte[] padded = new byte[jpeg.length + 3];
    System.arraycopy(jpeg, 0, padded, 0, afterApp0);
    System.arraycopy(jpeg, afterApp0, padded, afterApp0 + 3, jpeg.length - afterApp0);
    padded[afterApp0] = 0x12;
    assertThat(JpegDecoder.decode(padded).width()).isEqualTo(97);
    assertThat(JpegHeader.read(padded)).contains(new JpegHeader(97, 31));
  }

  @Test
  void decodesAJpegToBgrPixelsOfTheSameSize() {
    BgrImage orange = TestImages.solid(96, 48, 0, 128, 255);
    BgrImage decoded = JpegDecoder.decode(jpeg(orange));
    assertThat(decoded.width()).isEqualTo(96);
    assertThat(decoded.height()).isEqualTo(48);
    byte[] px = decoded.pixels();
    int centre = (24 * 96 + 48) * 3;
    assertThat(px[centre] & 0xFF).isBetween(0, 8); // B
    assertThat(px[centre + 1] & 0xFF).isBetween(120, 136); // G
    assertThat(px[centre + 2] & 0xFF).isBetween(247, 255); // R
  }

  @Test
  void aTruncatedJpegIsRejectedWithAClearMessageNotDecodedHalfGrey() {
    byte[] whole = jpeg(TestImages.solid(320, 240, 40, 80, 120));
    byte[] half = Arrays.copyOf(whole, whole.length / 2);
    assertThatThrownBy(() -> JpegDecoder.decode(half))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("truncated JPEG")
        .hasMessageContaining(half.length + " bytes");
  }

  @Test
  void bytesThatAreNotAJpegAreRejected() {
    assertThatThrownBy(() -> JpegDecoder.decode("hello, world".getBytes()))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("not a JPEG")
        .hasMessageContaining("68 65 6c 6c");
    assertThatThrownBy(() -> JpegDecoder.decode(new byte[0]))
        .isInstanceOf(ImageDecodeException.class);
    assertThatThrownBy(() -> JpegDecoder.decode(null)).isInstanceOf(ImageDecodeException.class);
  }

  @Test
  void aJpegWithGarbageBetweenItsMarkersIsRejectedNotACrash() {
    byte[] garbage = new byte[2000];
    new java.util.Random(1).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[garbage.length - 2] = (byte) 0xFF;
    garbage[garbage.length - 1] = (byte) 0xD9;
    assertThatThrownBy(() -> JpegDecoder.decode(garbage))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("corrupt JPEG");
  }
}

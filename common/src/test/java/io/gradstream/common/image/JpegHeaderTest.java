package io.gradstream.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/** The dimensions of real JPEGs (encoded by the JDK), read from their header without decoding. */
class JpegHeaderTest {

  static byte[] encode(int width, int height, boolean progressive) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  @Test
  void baselineAndProgressiveJpegsTellTheirSize() throws Exception {
    assertThat(JpegHeader.read(encode(640, 480, false))).contains(new JpegHeader(640, 480));
    assertThat(JpegHeader.read(encode(1, 3000, false))).contains(new JpegHeader(1, 3000));
    assertThat(JpegHeader.read(encode(333, 77, true))).contains(new JpegHeader(333, 77));
  }

  @Test
  void strayBytesBeforeTheFrameHeaderAreSkippedAsTheDecoderSkipsThem() throws Exception {
    byte[] jpeg = encode(50, 40, false);
    // After SOI and the JFIF segment (ff e0 + its length), insert junk where a marker should be.
    int afterApp0 = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    byte[] junk = {0x12, 0x34, 0x56};
    byte[] padded = new byte[jpeg.length + junk.length];
    System.arraycopy(jpeg, 0, padded, 0, afterApp0);
    System.arraycopy(junk, 0, padded, afterApp0, junk.length);
    System.arraycopy(jpeg, afterApp0, padded, afterApp0 + junk.length, jpeg.length - afterApp0);
    // libjpeg skips them too and decodes the image (JpegDecoderTest in inference): a reader that
    // stopped
    // there would let the size of such a JPEG go unchecked.
    assertThat(JpegHeader.read(padded)).contains(new JpegHeader(50, 40));
  }

  @Test
  void bytesWithoutAFrameHeaderTellNothing() throws Exception {
    byte[] jpeg = encode(50, 40, false);
    assertThat(JpegHeader.read(Arrays.copyOf(jpeg, 8))).as("cut before the frame header").isEmpty();
    assertThat(JpegHeader.read(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}))
        .isEmpty();
    assertThat(JpegHeader.read("not a jpeg at all".getBytes())).isEmpty();
    assertThat(JpegHeader.read(null)).isEmpty();
  }
}

package io.gradstream.app.inference;

import io.gradstream.inference.detect.BgrImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * A JPEG decoder for tests, on the JDK's ImageIO. TEMPORARY, test code only: production decodes
 * with OpenCV ({@code JpegDecoder}, branch detector-core), which is faster and what the detector is
 * tuned on.
 */
final class ImageIoJpegDecoder implements Function<byte[], BgrImage> {

  @Override
  public BgrImage apply(byte[] jpeg) {
    BufferedImage read;
    try {
      read = ImageIO.read(new ByteArrayInputStream(jpeg));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable JPEG: " + e.getMessage(), e);
    }
    if (read == null) {
      throw new IllegalArgumentException("not an image ImageIO can read");
    }
    BufferedImage bgr = read;
    if (read.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      bgr = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      bgr.getGraphics().drawImage(read, 0, 0, null);
    }
    byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    return new BgrImage(bgr.getWidth(), bgr.getHeight(), pixels.clone());
  }
}

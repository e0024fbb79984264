package io.gradstream.inference.image;

import java.util.Optional;

/**
 * The image size a JPEG's frame header (SOFn) declares, read without decoding anything, so a frame
 * that claims a huge size is refused before a decoder allocates memory for it.
 *
 * @param width  pixels per line
 * @param height lines
 */
record JpegFrameHeader(int width, int height) {

  /** Pixels the decoded image would have. */
  long pixels() {
    return (long) width * height;
  }

  /** The first frame header before the scan data, or empty when the marker walk finds none (OpenCV decides then). */
  static Optional<JpegFrameHeader> read(byte[] jpeg) {
    int i = 2; // after SOI
    while (i + 3 < jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        return Optional.empty();
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length field
        i += 2;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) { // scan data or end of image: no frame header came first
        return Optional.empty();
      }
      int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
      if (isStartOfFrame(marker) && i + 8 < jpeg.length) {
        int height = (jpeg[i + 5] & 0xFF) << 8 | (jpeg[i + 6] & 0xFF);
        int width = (jpeg[i + 7] & 0xFF) << 8 | (jpeg[i + 8] & 0xFF);
        return Optional.of(new JpegFrameHeader(width, height));
      }
      if (length < 2) {
        return Optional.empty();
      }
      i += 2 + length;
    }
    return Optional.empty();
  }

  private static boolean isStartOfFrame(int marker) {
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }
}

package io.gradstream.common.image;

import java.util.Optional;

/**
 * A JPEG's pixel dimensions, read from its frame header (SOF marker) without decoding, so a frame
 * too large to decode safely is turned away before any pixel memory is allocated: a few kilobytes
 * of JPEG can declare 65535 x 65535 pixels (12 GiB of BGR).
 *
 * @param width pixels per row
 * @param height rows
 */
public record JpegHeader(int width, int height) {
  /**
   * The most pixels any JPEG may declare to be decoded anywhere in gradstream (8K UHD, about 100 MB
   * as BGR): a few hundred bytes of JPEG can claim 65535x65535, and OpenCV would allocate and
   * grey-fill all of it. The worker refuses earlier, at {@code inference.max-frame-pixels}, which
   * cannot be set above this.
   */
  public static final long MAX_DECODED_PIXELS = 7_680L * 4_320;

  /** Width times height. */
  public long pixels() {
    return (long) width * height;
  }

  /** Whether the bytes start like a JPEG (the start-of-image marker ff d8). */
  public static boolean startsLikeJpeg(byte[] bytes) {
    return bytes != null
        && bytes.length >= 2
        && (bytes[0] & 0xFF) == 0xFF
        && (bytes[1] & 0xFF) == 0xD8;
  }

  /**
   * Reads the dimensions of the first frame header, walking the marker segments from the start of
   * the image as libjpeg does (stray bytes between segments skipped); empty when the bytes are not
   * a JPEG or reach the image data (or their end) without a frame header, which every decodable
   * JPEG has.
   */
  public static Optional<JpegHeader> read(byte[] jpeg) {
    if (!startsLikeJpeg(jpeg) || jpeg.length < 4) {
      return Optional.empty();
    }
    int i = 2;
    while (i + 1 < jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        i++; // stray bytes between segments: libjpeg skips to the next marker, so this reader does
        // too
        continue;
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte before a marker
        continue;
      }
      i += 2;
      if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
        continue; // stand-alone markers: no length
      }
      if (marker == 0xD9 || marker == 0xDA || i + 1 >= jpeg.length) {
        return Optional.empty(); // end of image, or the image data, before any frame header
      }
      int length = ((jpeg[i] & 0xFF) << 8) | (jpeg[i + 1] & 0xFF);
      if (length < 2) {
        return Optional.empty();
      }
      if (isFrameHeader(marker)) {
        if (i + 6 >= jpeg.length) {
          return Optional.empty();
        }
        int height = ((jpeg[i + 3] & 0xFF) << 8) | (jpeg[i + 4] & 0xFF);
        int width = ((jpeg[i + 5] & 0xFF) << 8) | (jpeg[i + 6] & 0xFF);
        return Optional.of(new JpegHeader(width, height));
      }
      i += length;
    }
    return Optional.empty();
  }

  /** SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrameHeader(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }
}

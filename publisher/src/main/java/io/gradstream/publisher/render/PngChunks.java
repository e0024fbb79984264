package io.gradstream.publisher.render;

/**
 * The chunk layout of a PNG, checked before a decoder sees it. OpenCV's PNG reader trusts a chunk's
 * stated length: a 4x4 map whose IDAT chunk claims 4 GB kept it busy for 14 s, so a 100-byte
 * message could stall the publisher. Only the framing is checked here (each chunk fits in the bytes
 * that are there); what the chunks hold is the decoder's job.
 */
final class PngChunks {
  private static final int SIGNATURE_BYTES = 8;

  /** Length, type and CRC around each chunk's data. */
  private static final int CHUNK_OVERHEAD = 12;

  private PngChunks() {}

  /**
   * The first chunk that does not fit in {@code png}, as a message; null when every chunk up to
   * IEND (or the end of the bytes) fits.
   */
  static String firstMisfit(byte[] png) {
    int at = SIGNATURE_BYTES;
    while (at + CHUNK_OVERHEAD <= png.length) {
      long length = readUnsignedInt(png, at);
      long end = at + CHUNK_OVERHEAD + length;
      if (end > png.length) {
        return "its chunk at byte "
            + at
            + " states "
            + length
            + " bytes of data, but the PNG has "
            + png.length
            + " bytes";
      }
      if (png[at + 4] == 'I' && png[at + 5] == 'E' && png[at + 6] == 'N' && png[at + 7] == 'D') {
        return null;
      }
      at = (int) end;
    }
    return null;
  }

  /** The big-endian unsigned 32-bit number at {@code at}, as PNG writes lengths and sizes. */
  static long readUnsignedInt(byte[] bytes, int at) {
    return (bytes[at] & 0xFFL) << 24
        | (bytes[at + 1] & 0xFFL) << 16
        | (bytes[at + 2] & 0xFFL) << 8
        | (bytes[at + 3] & 0xFFL);
  }
}

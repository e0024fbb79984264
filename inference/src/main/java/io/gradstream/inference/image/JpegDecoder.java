package io.gradstream.inference.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.gradstream.common.image.JpegHeader;
import io.gradstream.inference.detect.BgrImage;
import java.util.HexFormat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes JPEG frames (as ingest writes them) to BGR pixels with OpenCV.
 *
 * <p>Bad input always ends in an {@link ImageDecodeException} that says what is wrong, never in a
 * crash or a silently half-grey frame: libjpeg decodes a truncated file "successfully" (it only
 * prints a warning and fills the missing rows with grey), so the structure is checked first.
 */
public final class JpegDecoder {
  /** Trailing bytes searched for the end-of-image marker; some encoders pad after it. */
  private static final int END_MARKER_WINDOW = 64;

  private JpegDecoder() {}

  /**
   * Decodes one JPEG image.
   *
   * @throws ImageDecodeException when the bytes are not a complete JPEG or OpenCV cannot decode
   *     them
   */
  public static BgrImage decode(byte[] jpeg) {
    if (jpeg == null || jpeg.length < 4) {
      throw new ImageDecodeException(
          "not a JPEG: " + (jpeg == null ? "no bytes" : jpeg.length + " bytes"));
    }
    if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      throw new ImageDecodeException(
          "not a JPEG: starts with "
              + HexFormat.ofDelimiter(" ").formatHex(jpeg, 0, Math.min(4, jpeg.length))
              + ", a JPEG starts with ff d8 ("
              + jpeg.length
              + " bytes)");
    }
    if (!hasEndOfImageMarker(jpeg)) {
      throw new ImageDecodeException(
          "truncated JPEG: no end-of-image marker (ff d9) in its last bytes ("
              + jpeg.length
              + " bytes)");
    }
    JpegHeader header = JpegHeader.read(jpeg).orElse(null);
    if (header != null
        && (header.width() == 0
            || header.height() == 0
            || header.pixels() > JpegHeader.MAX_DECODED_PIXELS)) {
      throw new ImageDecodeException(
          "JPEG declares "
              + header.width()
              + "x"
              + header.height()
              + " pixels; frames must "
              + "be non-empty and at most "
              + JpegHeader.MAX_DECODED_PIXELS
              + " pixels ("
              + jpeg.length
              + " bytes)");
    }
    try (PointerScope scope = new PointerScope()) {
      Mat encoded = new Mat(1, jpeg.length, CV_8UC1, new BytePointer(jpeg));
      Mat decoded = imdecode(encoded, IMREAD_COLOR);
      if (decoded == null || decoded.empty()) {
        throw new ImageDecodeException(
            "corrupt JPEG: OpenCV could not decode its " + jpeg.length + " bytes");
      }
      return BgrMats.toImage(decoded);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      // OpenCV reports codec failures as cv::Exception, which JavaCPP turns into a
      // RuntimeException.
      throw new ImageDecodeException(
          "corrupt JPEG: " + e.getMessage() + " (" + jpeg.length + " bytes)", e);
    }
  }

  private static boolean hasEndOfImageMarker(byte[] jpeg) {
    for (int i = jpeg.length - 2; i >= Math.max(2, jpeg.length - END_MARKER_WINDOW); i--) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }
}

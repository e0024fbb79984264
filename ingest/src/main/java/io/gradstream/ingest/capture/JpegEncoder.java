package io.gradstream.ingest.capture;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes BGR frames to JPEG with OpenCV (libjpeg-turbo), reusing its native buffers between
 * frames. Not thread-safe: one per capture thread.
 */
public final class JpegEncoder implements AutoCloseable {
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private final IntPointer params;
  private final BytePointer output = new BytePointer();

  /**
   * @param quality JPEG quality 1-100
   */
  public JpegEncoder(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1-100, got " + quality);
    }
    this.params = new IntPointer(IMWRITE_JPEG_QUALITY, quality);
  }

  /** The frame as JPEG bytes. */
  public byte[] encode(Frame frame) {
    Mat mat = converter.convert(frame);
    if (mat == null || mat.empty()) {
      throw new IllegalArgumentException("frame has no image to encode");
    }
    if (!imencode(".jpg", mat, output, params)) {
      throw new IllegalStateException(
          "OpenCV could not encode a " + mat.cols() + "x" + mat.rows() + " frame as JPEG");
    }
    byte[] bytes = new byte[(int) output.limit()];
    output.get(bytes);
    return bytes;
  }

  @Override
  public void close() {
    params.close();
    output.close();
    converter.close();
  }
}

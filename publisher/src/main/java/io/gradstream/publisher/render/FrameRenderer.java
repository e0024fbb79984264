package io.gradstream.publisher.render;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.gradstream.common.image.JpegHeader;
import io.gradstream.common.image.LetterboxPlacement;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.Explanation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Renders a frame with its detections as an operator sees them: every map blended in (their
 * per-pixel maximum), then boxes tagged with label, track id and score. Works on the wire messages,
 * so the publisher needs nothing of the detector. Stateless and thread-safe; each call takes a few
 * milliseconds of CPU, so call it off event loops.
 */
public final class FrameRenderer {
  /**
   * Largest model input (stride x map cells) a map may cover; inference.input-size allows at most
   * 2048.
   */
  static final int MAX_MAP_INPUT = 4096;

  private FrameRenderer() {}

  /**
   * The annotated frame as JPEG.
   *
   * @param jpeg the frame as ingest captured it
   * @param detections its detections, or null to re-encode the frame as it is
   * @throws CorruptFrameException when {@code jpeg} does not decode
   */
  public static byte[] renderJpeg(byte[] jpeg, ExplainedFrame detections, RenderOptions options) {
    try (PointerScope scope = new PointerScope()) {
      Mat image = decodeFrame(jpeg);
      if (detections != null) {
        annotate(image, detections, options);
      }
      return encodeJpeg(image, options.jpegQuality());
    }
  }

  /**
   * Decodes a JPEG into a BGR image. Its header is read first, as the worker reads it: frames come
   * from the frames topic, and a few bytes of JPEG can declare gigabytes of pixels.
   *
   * @throws CorruptFrameException when it is not a JPEG, states more than {@link
   *     JpegHeader#MAX_DECODED_PIXELS}, or does not decode
   */
  public static Mat decodeFrame(byte[] encoded) {
    JpegHeader header =
        JpegHeader.read(encoded)
            .orElseThrow(
                () ->
                    new CorruptFrameException(
                        "the frame's "
                            + encoded.length
                            + " bytes are not a JPEG with a frame header (SOF marker)"));
    if (header.pixels() > JpegHeader.MAX_DECODED_PIXELS) {
      throw new CorruptFrameException(
          "the frame's JPEG states "
              + header.width()
              + "x"
              + header.height()
              + " pixels, more than the "
              + JpegHeader.MAX_DECODED_PIXELS
              + " (8K UHD) the publisher decodes");
    }
    Mat image = imdecode(new Mat(new BytePointer(encoded)), IMREAD_COLOR);
    if (image == null || image.empty()) {
      throw new CorruptFrameException(
          "the frame's " + encoded.length + " bytes are not a decodable image");
    }
    return image;
  }

  /** Encodes a BGR image as JPEG of {@code quality} (1–100). */
  public static byte[] encodeJpeg(Mat image, int quality) {
    try (BytePointer out = new BytePointer()) {
      imencode(".jpg", image, out, new IntPointer(IMWRITE_JPEG_QUALITY, quality));
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /**
   * Draws {@code frame}'s maps and boxes onto the BGR {@code image} (the frame, decoded) in place.
   */
  public static void annotate(Mat image, ExplainedFrame frame, RenderOptions options) {
    List<Mat> heats = new ArrayList<>();
    if (options.heatmaps()) {
      for (Detection d : frame.getDetectionsList()) {
        if (d.hasCam() && options.showsHeatmapOf(d.getTrackId())) {
          heats.add(heatOf(d.getCam(), image.cols(), image.rows()));
        }
      }
    }
    HeatmapOverlay.blendMaximum(image, heats, options.heatmapOpacity());
    BoxOverlay.paint(
        image, frame.getDetectionsList().stream().map(FrameRenderer::labelled).toList());
  }

  /** The tag drawn on a detection's box: label, track id when tracked, score. */
  public static String tag(Detection d) {
    String track = d.getTrackId() > 0 ? " #" + d.getTrackId() : "";
    return String.format(Locale.ROOT, "%s%s %.2f", d.getLabel(), track, d.getScore());
  }

  private static BoxOverlay.LabelledBox labelled(Detection d) {
    return new BoxOverlay.LabelledBox(
        d.getClassId(),
        tag(d),
        d.getBox().getX1(),
        d.getBox().getY1(),
        d.getBox().getX2(),
        d.getBox().getY2());
  }

  private static Mat heatOf(Explanation cam, int frameWidth, int frameHeight) {
    byte[] cells = mapCells(cam); // checks the sizes used below
    LetterboxPlacement placement =
        LetterboxPlacement.of(cam.getStride() * cam.getWidth(), frameWidth, frameHeight);
    return HeatmapOverlay.toFrame(
        cells, cam.getWidth(), cam.getHeight(), cam.getStride(), placement);
  }

  /**
   * A wire map's cells, one byte each, row-major.
   *
   * @throws CorruptFrameException when the map is not a greyscale PNG of its stated size
   */
  public static byte[] mapCells(Explanation cam) {
    byte[] data = cam.getData().toByteArray();
    if (!"png".equals(cam.getEncoding())) {
      throw new CorruptFrameException(
          "a map encoded as '" + cam.getEncoding() + "' cannot be read; only png is known");
    }
    // Checked before anything is allocated: the map is scaled to stride x cells pixels, and a PNG
    // header
    // can claim any size, so a few bytes of message could otherwise cost gigabytes and seconds.
    long width = cam.getWidth();
    long height = cam.getHeight();
    long stride = cam.getStride();
    if (width <= 0
        || height <= 0
        || stride <= 0
        || width * stride > MAX_MAP_INPUT
        || height * stride > MAX_MAP_INPUT) {
      throw new CorruptFrameException(
          "a map of "
              + width
              + "x"
              + height
              + " cells with stride "
              + stride
              + " does not cover a model input of 1 to "
              + MAX_MAP_INPUT
              + " pixels");
    }
    if (data.length < 24
        || (data[12] != 'I' || data[13] != 'H' || data[14] != 'D' || data[15] != 'R')
        || PngChunks.readUnsignedInt(data, 16) != width
        || PngChunks.readUnsignedInt(data, 20) != height) {
      throw new CorruptFrameException(
          "a map's PNG header does not state its " + width + "x" + height + " cells");
    }
    String misfit = PngChunks.firstMisfit(data);
    if (misfit != null) {
      throw new CorruptFrameException("a map's PNG is damaged: " + misfit);
    }
    try (PointerScope scope = new PointerScope()) {
      Mat map = imdecode(new Mat(new BytePointer(data)), IMREAD_GRAYSCALE);
      if (map == null
          || map.empty()
          || map.cols() != cam.getWidth()
          || map.rows() != cam.getHeight()) {
        throw new CorruptFrameException(
            "a map's PNG does not decode to its stated "
                + cam.getWidth()
                + "x"
                + cam.getHeight()
                + " cells");
      }
      byte[] cells = new byte[cam.getWidth() * cam.getHeight()];
      map.data().get(cells);
      return cells;
    }
  }
}

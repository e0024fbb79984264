package io.gradstream.publisher.render;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_imgproc.COLORMAP_JET;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.applyColorMap;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.gradstream.common.image.LetterboxPlacement;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Lays a detection's map over the frame it explains: the map's cells cover {@code stride}-pixel
 * squares of the letterboxed model input, so it is scaled to the input, the letterbox's grey bars
 * are cut off, and what is left is scaled to the frame, coloured (jet: blue cold, red hot) and
 * blended in.
 */
public final class HeatmapOverlay {
  /** How much of the heatmap shows through by default; the frame stays readable underneath. */
  public static final double DEFAULT_OPACITY = 0.45;

  private HeatmapOverlay() {}

  /**
   * A map as a one-channel 0–255 image of the frame's size.
   *
   * @param cells the map, one byte per cell, row-major
   * @param width map width in cells
   * @param height map height in cells
   * @param stride model-input pixels per cell
   * @param placement where the frame sits inside the model input
   */
  public static Mat toFrame(
      byte[] cells, int width, int height, int stride, LetterboxPlacement placement) {
    Mat map = new Mat(height, width, opencv_core.CV_8UC1, new BytePointer(cells));
    Mat input = new Mat();
    resize(map, input, new Size(width * stride, height * stride), 0, 0, INTER_LINEAR);
    int w = Math.min(placement.resizedWidth(), input.cols() - placement.padLeft());
    int h = Math.min(placement.resizedHeight(), input.rows() - placement.padTop());
    Mat content = new Mat(input, new Rect(placement.padLeft(), placement.padTop(), w, h));
    Mat frame = new Mat();
    resize(
        content,
        frame,
        new Size(placement.sourceWidth(), placement.sourceHeight()),
        0,
        0,
        INTER_LINEAR);
    return frame;
  }

  /**
   * Blends the per-pixel maximum of {@code heats} (one-channel, frame-sized, as {@link #toFrame}
   * makes them) over the BGR {@code frame} in place: all of a frame's maps at once. Nothing when
   * empty.
   */
  public static void blendMaximum(Mat frame, List<Mat> heats, double opacity) {
    if (heats.isEmpty()) {
      return;
    }
    Mat combined = heats.get(0);
    for (Mat heat : heats.subList(1, heats.size())) {
      max(combined, heat, combined);
    }
    blend(frame, combined, opacity);
  }

  /** Blends the one-channel {@code heat} (frame-sized) over the BGR {@code frame} in place. */
  public static void blend(Mat frame, Mat heat, double opacity) {
    Mat coloured = new Mat();
    applyColorMap(heat, coloured, COLORMAP_JET);
    addWeighted(frame, 1 - opacity, coloured, opacity, 0, frame);
  }
}

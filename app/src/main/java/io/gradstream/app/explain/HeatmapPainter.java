package io.gradstream.app.explain;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_imgproc.COLORMAP_JET;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.applyColorMap;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.gradstream.explain.cam.CamMap;
import io.gradstream.inference.image.LetterboxTransform;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Lays a detection's map over the frame it explains: the map's cells cover {@code stride}-pixel squares
 * of the letterboxed model input, so it is scaled to the input, the letterbox's grey bars are cut off,
 * and what is left is scaled to the frame, coloured (jet: blue cold, red hot) and blended in.
 */
public final class HeatmapPainter {
  /** How much of the heatmap shows through; the frame stays readable underneath. */
  private static final double HEAT_WEIGHT = 0.45;

  private HeatmapPainter() {}

  /** {@code map} as a one-channel 0–255 image of the frame's size. */
  public static Mat toFrame(CamMap map, int stride, LetterboxTransform letterbox) {
    Mat cells = new Mat(map.height(), map.width(), opencv_core.CV_8UC1, new BytePointer(map.pixels()));
    Mat input = new Mat();
    resize(cells, input, new Size(map.width() * stride, map.height() * stride), 0, 0, INTER_LINEAR);
    int w = Math.min(letterbox.resizedWidth(), input.cols() - letterbox.padLeft());
    int h = Math.min(letterbox.resizedHeight(), input.rows() - letterbox.padTop());
    Mat content = new Mat(input, new Rect(letterbox.padLeft(), letterbox.padTop(), w, h));
    Mat frame = new Mat();
    resize(content, frame, new Size(letterbox.sourceWidth(), letterbox.sourceHeight()), 0, 0, INTER_LINEAR);
    return frame;
  }

  /**
   * Blends the per-pixel maximum of {@code heats} (one-channel, frame-sized, as {@link #toFrame} makes
   * them) over the BGR {@code frame} in place: all of a frame's maps at once. Nothing when empty.
   */
  public static void blendMaximum(Mat frame, List<Mat> heats) {
    if (heats.isEmpty()) {
      return;
    }
    Mat combined = heats.get(0);
    for (Mat heat : heats.subList(1, heats.size())) {
      max(combined, heat, combined);
    }
    blend(frame, combined);
  }

  /** Blends the one-channel {@code heat} (frame-sized) over the BGR {@code frame} in place. */
  public static void blend(Mat frame, Mat heat) {
    Mat coloured = new Mat();
    applyColorMap(heat, coloured, COLORMAP_JET);
    addWeighted(frame, 1 - HEAT_WEIGHT, coloured, HEAT_WEIGHT, 0, frame);
  }
}

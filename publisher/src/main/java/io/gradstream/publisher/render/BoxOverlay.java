package io.gradstream.publisher.render;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws labelled boxes onto a BGR frame: a box in a colour per class and a filled tag with its
 * text, sized to the frame so it stays readable on 4K and on 320x240.
 */
public final class BoxOverlay {
  /** Distinct, saturated colours (BGR); a class keeps its colour across frames. */
  private static final int[][] PALETTE = {
    {56, 56, 255}, {151, 157, 255}, {31, 112, 255}, {29, 178, 255}, {49, 210, 207}, {10, 249, 72},
    {23, 204, 146}, {134, 219, 61}, {52, 147, 26}, {187, 212, 0}, {168, 153, 44}, {255, 194, 0},
    {147, 69, 52}, {255, 115, 100}, {236, 24, 0}, {255, 56, 132}, {133, 0, 82}, {255, 56, 203},
    {200, 149, 255}, {199, 55, 255}
  };

  /**
   * One box to draw, in frame pixels.
   *
   * @param classId picks the colour
   * @param tag the text on the box, e.g. "person #7 0.83"
   */
  public record LabelledBox(int classId, String tag, float x1, float y1, float x2, float y2) {}

  private BoxOverlay() {}

  /**
   * The colour of {@code classId} as CSS {@code #rrggbb}, so the viewer draws a class as the
   * streams do.
   */
  public static String cssColour(int classId) {
    int[] c = PALETTE[Math.floorMod(classId, PALETTE.length)];
    return String.format("#%02x%02x%02x", c[2], c[1], c[0]);
  }

  /** Draws {@code boxes} on {@code frame} in place; the first ends up on top. */
  public static void paint(Mat frame, List<LabelledBox> boxes) {
    int side = Math.min(frame.cols(), frame.rows());
    int thickness = Math.max(1, Math.round(side / 300f));
    double fontScale = Math.max(0.35, side / 1200.0);
    int textThickness = Math.max(1, thickness / 2);
    for (LabelledBox b : boxes.reversed()) {
      int[] c = PALETTE[Math.floorMod(b.classId(), PALETTE.length)];
      Scalar colour = new Scalar(c[0], c[1], c[2], 0);
      int margin = 2 * thickness + 1;
      Point topLeft =
          new Point(onCanvas(b.x1(), frame.cols(), margin), onCanvas(b.y1(), frame.rows(), margin));
      rectangle(
          frame,
          topLeft,
          new Point(onCanvas(b.x2(), frame.cols(), margin), onCanvas(b.y2(), frame.rows(), margin)),
          colour,
          thickness,
          LINE_AA,
          0);

      IntPointer baseline = new IntPointer(1);
      Size text = getTextSize(b.tag(), FONT_HERSHEY_SIMPLEX, fontScale, textThickness, baseline);
      int pad = 2 * thickness;
      int tagHeight = text.height() + baseline.get() + pad;
      // Above the box when there is room, else inside its top edge.
      int tagTop = topLeft.y() - tagHeight >= 0 ? topLeft.y() - tagHeight : topLeft.y();
      // Shifted left for a box at the right edge, so the tag is not cut off.
      int tagLeft = Math.max(0, Math.min(topLeft.x(), frame.cols() - text.width() - pad));
      rectangle(
          frame,
          new Point(tagLeft, tagTop),
          new Point(tagLeft + text.width() + pad, tagTop + tagHeight),
          colour,
          FILLED,
          LINE_AA,
          0);
      Scalar ink = brightness(c) > 150 ? new Scalar(0, 0, 0, 0) : new Scalar(255, 255, 255, 0);
      putText(
          frame,
          b.tag(),
          new Point(tagLeft + pad / 2, tagTop + text.height() + pad / 2),
          FONT_HERSHEY_SIMPLEX,
          fontScale,
          ink,
          textThickness,
          LINE_AA,
          false);
    }
  }

  /**
   * A box coordinate moved to just outside the frame when it lies further out: it draws the same,
   * while a coordinate of 3e38 (or NaN) from a damaged message would overflow the tag arithmetic
   * and make OpenCV clip shapes billions of pixels long, which takes seconds.
   */
  private static int onCanvas(float v, int size, int margin) {
    return Math.max(-margin, Math.min(size + margin, Math.round(v)));
  }

  private static double brightness(int[] bgr) {
    return 0.114 * bgr[0] + 0.587 * bgr[1] + 0.299 * bgr[2];
  }
}

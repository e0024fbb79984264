package io.gradstream.app.calibrate;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws ROC curves as a PNG for the docs: false-positive rate across, true-positive rate up, the
 * diagonal for chance.
 */
final class RocChart {
  private static final int SIZE = 480;
  private static final int MARGIN = 60;
  private static final Scalar[] COLOURS = {
    new Scalar(160, 160, 160, 0),
    new Scalar(40, 140, 255, 0),
    new Scalar(200, 80, 0, 0),
    new Scalar(40, 170, 40, 0),
    new Scalar(180, 40, 180, 0)
  };
  private static final Scalar INK = new Scalar(30, 30, 30, 0);

  private RocChart() {}

  static void write(Path file, Map<String, List<Auroc.Point>> curves, String title)
      throws IOException {
    int w = SIZE + 2 * MARGIN;
    int h = SIZE + 2 * MARGIN + 20 * curves.size();
    Mat img = new Mat(h, w, CV_8UC3, new Scalar(255, 255, 255, 0));
    rectangle(
        img,
        new Point(MARGIN, MARGIN),
        new Point(MARGIN + SIZE, MARGIN + SIZE),
        INK,
        1,
        LINE_AA,
        0);
    line(img, at(0, 0), at(1, 1), new Scalar(210, 210, 210, 0), 1, LINE_AA, 0);
    for (int t = 0; t <= 10; t += 2) {
      String tick = String.format(Locale.ROOT, "%.1f", t / 10.0);
      putText(
          img,
          tick,
          new Point(MARGIN + t * SIZE / 10 - 12, MARGIN + SIZE + 18),
          FONT_HERSHEY_SIMPLEX,
          0.4,
          INK,
          1,
          LINE_AA,
          false);
      putText(
          img,
          tick,
          new Point(MARGIN - 30, MARGIN + SIZE - t * SIZE / 10 + 4),
          FONT_HERSHEY_SIMPLEX,
          0.4,
          INK,
          1,
          LINE_AA,
          false);
    }
    putText(
        img,
        "false detections passed (FPR)",
        new Point(MARGIN + SIZE / 2 - 110, MARGIN + SIZE + 40),
        FONT_HERSHEY_SIMPLEX,
        0.45,
        INK,
        1,
        LINE_AA,
        false);
    putText(
        img,
        "correct passed (TPR)",
        new Point(4, MARGIN - 10),
        FONT_HERSHEY_SIMPLEX,
        0.45,
        INK,
        1,
        LINE_AA,
        false);
    putText(img, title, new Point(MARGIN, 24), FONT_HERSHEY_SIMPLEX, 0.5, INK, 1, LINE_AA, false);
    int k = 0;
    for (Map.Entry<String, List<Auroc.Point>> e : curves.entrySet()) {
      Scalar colour = COLOURS[k % COLOURS.length];
      List<Auroc.Point> pts = e.getValue();
      for (int i = 1; i < pts.size(); i++) {
        line(
            img,
            at(pts.get(i - 1).falsePositiveRate(), pts.get(i - 1).truePositiveRate()),
            at(pts.get(i).falsePositiveRate(), pts.get(i).truePositiveRate()),
            colour,
            2,
            LINE_AA,
            0);
      }
      int y = MARGIN + SIZE + 62 + 20 * k;
      line(img, new Point(MARGIN, y - 5), new Point(MARGIN + 24, y - 5), colour, 3, LINE_AA, 0);
      putText(
          img,
          e.getKey(),
          new Point(MARGIN + 32, y),
          FONT_HERSHEY_SIMPLEX,
          0.45,
          INK,
          1,
          LINE_AA,
          false);
      k++;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!imwrite(file.toString(), img)) {
      throw new IOException("could not write " + file);
    }
  }

  private static Point at(double fpr, double tpr) {
    return new Point(
        MARGIN + (int) Math.round(fpr * SIZE), MARGIN + SIZE - (int) Math.round(tpr * SIZE));
  }
}

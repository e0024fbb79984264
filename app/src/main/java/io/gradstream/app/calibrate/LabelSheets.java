package io.gradstream.app.calibrate;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.gradstream.inference.detect.Detection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Contact sheets for labelling by eye: each unlabelled detection as a numbered tile, its box drawn
 * in the frame around it (half the box's size again on every side), "label score @input" below.
 */
final class LabelSheets {
  private static final int TILE = 240;
  private static final int CAPTION = 30;
  private static final int COLUMNS = 5;
  private static final int ROWS = 4;
  private static final Scalar BOX = new Scalar(0, 255, 0, 0);
  private static final Scalar TEXT = new Scalar(255, 255, 255, 0);

  private final List<Mat> tiles = new ArrayList<>();

  /** Adds detection number {@code id}, found at {@code input} pixels in {@code frame}. */
  void add(int id, Mat frame, int input, Detection d) {
    int bw = Math.max(1, Math.round(d.box().width()));
    int bh = Math.max(1, Math.round(d.box().height()));
    int x1 = clamp(Math.round(d.box().x1()) - Math.max(bw / 2, 24), frame.cols());
    int y1 = clamp(Math.round(d.box().y1()) - Math.max(bh / 2, 24), frame.rows());
    int x2 = clamp(Math.round(d.box().x2()) + Math.max(bw / 2, 24), frame.cols());
    int y2 = clamp(Math.round(d.box().y2()) + Math.max(bh / 2, 24), frame.rows());
    Mat crop = new Mat(frame, new Rect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1))).clone();
    rectangle(
        crop,
        new Point(Math.round(d.box().x1()) - x1, Math.round(d.box().y1()) - y1),
        new Point(Math.round(d.box().x2()) - x1, Math.round(d.box().y2()) - y1),
        BOX,
        2,
        LINE_AA,
        0);
    double scale =
        Math.min(4.0, Math.min((double) TILE / crop.cols(), (double) TILE / crop.rows()));
    Mat scaled = new Mat();
    resize(
        crop,
        scaled,
        new Size(
            Math.max(1, (int) (crop.cols() * scale)), Math.max(1, (int) (crop.rows() * scale))),
        0,
        0,
        INTER_AREA);
    Mat tile = new Mat(TILE + CAPTION, TILE, frame.type(), new Scalar(40, 40, 40, 0));
    scaled.copyTo(
        new Mat(
            tile,
            new Rect(
                (TILE - scaled.cols()) / 2,
                (TILE - scaled.rows()) / 2,
                scaled.cols(),
                scaled.rows())));
    putText(tile, "#" + id, new Point(4, 22), FONT_HERSHEY_SIMPLEX, 0.7, TEXT, 2, LINE_AA, false);
    putText(
        tile,
        String.format(Locale.ROOT, "%s %.2f @%d", d.label(), d.score(), input),
        new Point(4, TILE + 21),
        FONT_HERSHEY_SIMPLEX,
        0.55,
        TEXT,
        1,
        LINE_AA,
        false);
    tiles.add(tile);
  }

  /** Writes DIR/sheet-NNN.png, 20 tiles each; returns the files. */
  List<Path> write(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    int perSheet = COLUMNS * ROWS;
    for (int first = 0; first < tiles.size(); first += perSheet) {
      Mat sheet =
          new Mat(
              ROWS * (TILE + CAPTION),
              COLUMNS * TILE,
              tiles.get(first).type(),
              new Scalar(0, 0, 0, 0));
      for (int i = first; i < Math.min(tiles.size(), first + perSheet); i++) {
        int slot = i - first;
        tiles
            .get(i)
            .copyTo(
                new Mat(
                    sheet,
                    new Rect(
                        slot % COLUMNS * TILE,
                        slot / COLUMNS * (TILE + CAPTION),
                        TILE,
                        TILE + CAPTION)));
      }
      Path file = dir.resolve(String.format(Locale.ROOT, "sheet-%03d.png", first / perSheet + 1));
      if (!imwrite(file.toString(), sheet)) {
        throw new IOException("could not write " + file);
      }
      files.add(file);
    }
    return files;
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}

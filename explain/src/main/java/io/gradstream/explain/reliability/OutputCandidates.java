package io.gradstream.explain.reliability;

import java.util.Arrays;

/**
 * The output rows of one image that could have become detections: objectness at least {@link
 * #MIN_OBJECTNESS}, with their boxes in model-input pixels. NMS keeps one of each cluster of
 * overlapping candidates; how many there were, how they scored and how well they agreed on the box
 * says how sure the detector was (MetaDetect, Schubert et al. 2021).
 */
final class OutputCandidates {
  /**
   * Rows below this objectness cannot reach a useful class score; skipping them keeps this cheap.
   */
  static final float MIN_OBJECTNESS = 0.01f;

  private final float[] output;
  private final int columns;
  private final int[] rows;
  private final float[] boxes;

  /**
   * Per candidate, filled when first asked: its most probable class (-1: not yet), and the best and
   * second-best class probabilities.
   */
  private final int[] bestClass;

  private final float[] best;
  private final float[] second;

  private OutputCandidates(float[] output, int columns, int[] rows, float[] boxes) {
    this.output = output;
    this.columns = columns;
    this.rows = rows;
    this.boxes = boxes;
    bestClass = new int[rows.length];
    Arrays.fill(bestClass, -1);
    best = new float[rows.length];
    second = new float[rows.length];
  }

  /**
   * @param output the image's rows, row-major: cx, cy, w, h, objectness, class probabilities
   * @param columns values per row (5 + classes)
   * @param boxScale model-input pixels per unit of the box coordinates
   */
  static OutputCandidates of(float[] output, int columns, float boxScale) {
    int n = output.length / columns;
    int[] rows = new int[n];
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (output[r * columns + 4] >= MIN_OBJECTNESS) {
        rows[count++] = r;
      }
    }
    rows = Arrays.copyOf(rows, count);
    float[] boxes = new float[4 * count];
    for (int i = 0; i < count; i++) {
      box(output, rows[i] * columns, boxScale, boxes, 4 * i);
    }
    return new OutputCandidates(output, columns, rows, boxes);
  }

  /** Writes row {@code offset}'s box as x1, y1, x2, y2 into {@code into} at {@code at}. */
  static void box(float[] output, int offset, float boxScale, float[] into, int at) {
    float cx = output[offset] * boxScale;
    float cy = output[offset + 1] * boxScale;
    float hw = output[offset + 2] * boxScale / 2;
    float hh = output[offset + 3] * boxScale / 2;
    into[at] = cx - hw;
    into[at + 1] = cy - hh;
    into[at + 2] = cx + hw;
    into[at + 3] = cy + hh;
  }

  int size() {
    return rows.length;
  }

  /** The score of candidate {@code i} for {@code classId}: objectness × class probability. */
  float score(int i, int classId) {
    int o = rows[i] * columns;
    return output[o + 4] * output[o + 5 + classId];
  }

  /** The best score of candidate {@code i} for any class but {@code classId}. */
  float bestOtherScore(int i, int classId) {
    if (bestClass[i] < 0) {
      rankClasses(i);
    }
    float other = bestClass[i] == classId ? second[i] : best[i];
    return output[rows[i] * columns + 4] * other;
  }

  private void rankClasses(int i) {
    int o = rows[i] * columns + 5;
    bestClass[i] = 0;
    for (int c = 0; c < columns - 5; c++) {
      float p = output[o + c];
      if (p > best[i]) {
        second[i] = best[i];
        best[i] = p;
        bestClass[i] = c;
      } else if (p > second[i]) {
        second[i] = p;
      }
    }
  }

  /** IoU of candidate {@code i}'s box with {@code box} (x1, y1, x2, y2). */
  float iou(int i, float[] box) {
    return iou(boxes, 4 * i, box, 0);
  }

  static float iou(float[] a, int ai, float[] b, int bi) {
    float w = Math.min(a[ai + 2], b[bi + 2]) - Math.max(a[ai], b[bi]);
    float h = Math.min(a[ai + 3], b[bi + 3]) - Math.max(a[ai + 1], b[bi + 1]);
    if (w <= 0 || h <= 0) {
      return 0f;
    }
    float inter = w * h;
    float union =
        (a[ai + 2] - a[ai]) * (a[ai + 3] - a[ai + 1])
            + (b[bi + 2] - b[bi]) * (b[bi + 3] - b[bi + 1])
            - inter;
    return union <= 0 ? 0f : inter / union;
  }
}

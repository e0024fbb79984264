package io.gradstream.explain.reliability;

import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.quality.CellBox;
import io.gradstream.explain.quality.ExplanationQuality;
import io.gradstream.explain.quality.Quality;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes every detection's {@link DetectionFeatures} from one image's forward pass and
 * explanations: the detector's output around each box (the candidates NMS suppressed), where the
 * detection's class-wide map puts its energy (on the box, on other boxes of the class), and the
 * size of its gradient. One pass over the candidate rows per detection; no model runs.
 */
public final class FeatureExtractor {
  /**
   * Candidates overlapping a box at least this much belong to its cluster (NMS's own threshold).
   */
  static final float CLUSTER_IOU = 0.45f;

  /** Candidates scoring less for the class are noise, not votes. */
  static final float CLUSTER_MIN_SCORE = 0.05f;

  private static final double TINY = 1e-12;

  private FeatureExtractor() {}

  /**
   * @param output the image's output rows (cx, cy, w, h, objectness, class probabilities)
   * @param columns values per row
   * @param inputSize side of the square model input
   * @param boxScale model-input pixels per unit of the box coordinates
   * @param levels head levels of the model
   * @param explanations the image's explained detections
   * @param classMaps each detection's class-wide map (Grad-CAM from the same gradient), same order
   * @param evidence each detection's {@link GradientEvidence} ({@link GradientEvidence#NONE} for a
   *     gradient-free method)
   * @return the features of each explanation, same order
   */
  public static List<DetectionFeatures> extract(
      float[] output,
      int columns,
      int inputSize,
      float boxScale,
      int levels,
      List<DetectionExplanation> explanations,
      List<ClassMap> classMaps,
      List<GradientEvidence> evidence) {
    OutputCandidates candidates = OutputCandidates.of(output, columns, boxScale);
    int n = explanations.size();
    float[] boxes = new float[4 * n];
    for (int i = 0; i < n; i++) {
      OutputCandidates.box(
          output, explanations.get(i).target().row() * columns, boxScale, boxes, 4 * i);
    }
    Coverage coverage = new Coverage(boxes, explanations);
    List<DetectionFeatures> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] v = new double[Feature.values().length];
      outputFeatures(v, output, columns, inputSize, levels, candidates, boxes, i, explanations);
      mapFeatures(v, classMaps.get(i), boxes, i, coverage, evidence.get(i));
      // As first seen; the worker's tracker replaces these (DetectionFeatures#withTrack).
      set(v, Feature.TRACK_LENGTH, 0);
      set(v, Feature.TRACK_MEAN_SCORE, v[Feature.SCORE.ordinal()]);
      out.add(new DetectionFeatures(v));
    }
    return out;
  }

  private static void outputFeatures(
      double[] v,
      float[] output,
      int columns,
      int inputSize,
      int levels,
      OutputCandidates candidates,
      float[] boxes,
      int i,
      List<DetectionExplanation> all) {
    DetectionExplanation e = all.get(i);
    int classId = e.target().classId();
    int o = e.target().row() * columns;
    float obj = output[o + 4];
    float cls = output[o + 5 + classId];
    float other = 0;
    for (int c = 5; c < columns; c++) {
      if (c - 5 != classId) {
        other = Math.max(other, output[o + c]);
      }
    }
    float[] box = {boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]};
    double w = Math.max(1e-3, box[2] - box[0]);
    double h = Math.max(1e-3, box[3] - box[1]);
    set(v, Feature.SCORE, obj * cls);
    set(v, Feature.OBJECTNESS, obj);
    set(v, Feature.CLASS_PROBABILITY, cls);
    set(v, Feature.CLASS_MARGIN, cls - other);
    set(v, Feature.LOG_BOX_AREA, Math.log(w * h / ((double) inputSize * inputSize)));
    set(v, Feature.LOG_ASPECT, Math.log(w / h));
    set(v, Feature.HEAD_LEVEL, levels <= 1 ? 0 : (double) e.location().level() / (levels - 1));

    int count = 0;
    double scoreSum = 0;
    double scoreSq = 0;
    double iouSum = 0;
    double iouSq = 0;
    double rival = 0;
    for (int c = 0; c < candidates.size(); c++) {
      float iou = candidates.iou(c, box);
      if (iou < CLUSTER_IOU) {
        continue;
      }
      rival = Math.max(rival, candidates.bestOtherScore(c, classId));
      float s = candidates.score(c, classId);
      if (s >= CLUSTER_MIN_SCORE) {
        count++;
        scoreSum += s;
        scoreSq += s * s;
        iouSum += iou;
        iouSq += iou * iou;
      }
    }
    set(v, Feature.CLUSTER_SIZE, Math.log1p(count));
    set(v, Feature.CLUSTER_SCORE_MEAN, count == 0 ? 0 : scoreSum / count);
    set(v, Feature.CLUSTER_SCORE_STD, std(scoreSum, scoreSq, count));
    set(v, Feature.CLUSTER_IOU_MEAN, count == 0 ? 0 : iouSum / count);
    set(v, Feature.CLUSTER_IOU_STD, std(iouSum, iouSq, count));
    set(v, Feature.RIVAL_CLASS_SCORE, rival);
    double overlap = 0;
    for (int j = 0; j < all.size(); j++) {
      if (j != i && all.get(j).target().classId() == classId) {
        overlap = Math.max(overlap, OutputCandidates.iou(boxes, 4 * i, boxes, 4 * j));
      }
    }
    set(v, Feature.SAME_CLASS_OVERLAP, overlap);
  }

  private static void mapFeatures(
      double[] v,
      ClassMap map,
      float[] boxes,
      int i,
      Coverage coverage,
      GradientEvidence evidence) {
    int w = map.width();
    int h = map.height();
    float[] raw = map.raw();
    CellBox own = cells(boxes, i, map.stride(), w, h);
    Quality q = ExplanationQuality.measure(raw, w, h, own);
    set(v, Feature.ENERGY_IN_BOX, q.energyInBox());
    set(v, Feature.CONCENTRATION, q.concentration());
    set(v, Feature.MAP_CONFIDENCE, q.confidence());
    float[] cover = coverage.of(i, map);
    double total = 0;
    double onOthers = 0;
    int peak = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = y * w + x;
        float m = raw[c];
        total += m;
        if (m > raw[peak]) {
          peak = c;
        }
        if (m > 0) {
          float mine = own.overlap(x, y);
          onOthers += m * (1 - mine) * Math.min(1f, Math.max(0f, cover[c] - mine));
        }
      }
    }
    set(v, Feature.ENERGY_ON_OTHER_BOXES, total > 0 ? onOthers / total : 0);
    double cx = (boxes[4 * i] + boxes[4 * i + 2]) / 2;
    double cy = (boxes[4 * i + 1] + boxes[4 * i + 3]) / 2;
    double halfDiagonal =
        Math.max(
            1,
            Math.hypot(boxes[4 * i + 2] - boxes[4 * i], boxes[4 * i + 3] - boxes[4 * i + 1]) / 2);
    double px = (peak % w + 0.5) * map.stride();
    double py = (peak / w + 0.5) * map.stride();
    set(v, Feature.PEAK_OFFSET, total > 0 ? Math.hypot(px - cx, py - cy) / halfDiagonal : 0);
    double score = Math.max(1e-6, v[Feature.SCORE.ordinal()]);
    set(v, Feature.LOG_MAP_MASS, Math.log(Math.max(TINY, total) / score));
    set(v, Feature.LOG_GRADIENT_NORM, Math.log(Math.max(TINY, evidence.norm()) / score));
    double both = evidence.positive() + evidence.negative();
    set(v, Feature.POSITIVE_EVIDENCE_SHARE, both > 0 ? evidence.positive() / both : 0);
    set(
        v,
        Feature.LOG_NET_EVIDENCE,
        Math.log(Math.max(TINY, evidence.positive() - evidence.negative()) / score));
  }

  /**
   * Per class and map grid, how much of each cell the frame's boxes of that class cover, summed: a
   * detection's map energy "on other boxes" is its energy where this sum, less its own box's share,
   * covers the cell (boxes of its class overlapping each other count once, up to the whole cell).
   * One pass over each box's cells per grid instead of one per cell and box.
   */
  private static final class Coverage {
    private final float[] boxes;
    private final List<DetectionExplanation> explanations;
    private final java.util.Map<String, float[]> byClassAndGrid = new java.util.HashMap<>();

    Coverage(float[] boxes, List<DetectionExplanation> explanations) {
      this.boxes = boxes;
      this.explanations = explanations;
    }

    float[] of(int i, ClassMap map) {
      int classId = explanations.get(i).target().classId();
      return byClassAndGrid.computeIfAbsent(
          classId + "/" + map.width() + "x" + map.height() + "@" + map.stride(),
          k -> {
            float[] cover = new float[map.width() * map.height()];
            for (int j = 0; j < explanations.size(); j++) {
              if (explanations.get(j).target().classId() == classId) {
                CellBox b = cells(boxes, j, map.stride(), map.width(), map.height());
                for (int y = (int) b.y1();
                    y < Math.min(map.height(), (int) Math.ceil(b.y2()));
                    y++) {
                  for (int x = (int) b.x1();
                      x < Math.min(map.width(), (int) Math.ceil(b.x2()));
                      x++) {
                    cover[y * map.width() + x] += b.overlap(x, y);
                  }
                }
              }
            }
            return cover;
          });
    }
  }

  private static CellBox cells(float[] boxes, int i, float stride, int w, int h) {
    float x1 = clamp(boxes[4 * i] / stride, w);
    float y1 = clamp(boxes[4 * i + 1] / stride, h);
    float x2 = clamp(boxes[4 * i + 2] / stride, w);
    float y2 = clamp(boxes[4 * i + 3] / stride, h);
    return new CellBox(x1, y1, Math.max(x1, x2), Math.max(y1, y2));
  }

  private static float clamp(float v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  private static double std(double sum, double sq, int n) {
    if (n < 2) {
      return 0;
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, sq / n - mean * mean));
  }

  private static void set(double[] v, Feature f, double value) {
    v[f.ordinal()] = value;
  }
}

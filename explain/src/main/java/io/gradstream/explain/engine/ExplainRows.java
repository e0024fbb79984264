package io.gradstream.explain.engine;

import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.List;

/**
 * The explainer's rows of one image: per output row cx, cy, w, h, objectness and the C class
 * probabilities, row-major ({@link HeadGeometry#columns()} values per row), whatever the model's
 * layout. The seeds, the strongest targets and the reliability features all read this one shape.
 *
 * <p>A v5-layout output already is it. A v8/11-layout output ({@code [4 + C, rows]}, class scores
 * only) is transposed, and its objectness is 1 for a head without one (the class score is then the
 * class probability), or, for a YOLOv5 head re-wired to the v8 layout, the sigmoid of the head's
 * objectness logit at the row's cell, the class probability being the score divided by it.
 */
final class ExplainRows {
  private ExplainRows() {}

  /**
   * @param output the image's output, in {@code g}'s layout
   * @param headOutputs each level's head conv output Z ({@code [1, C_Z, H, W]}), read only for a
   *     v8-layout output of a head with objectness; may be empty otherwise
   */
  static float[] of(HeadGeometry g, float[] output, List<FloatTensor> headOutputs) {
    if (g.layout() == YoloLayout.V5) {
      return output;
    }
    int rows = g.rows();
    int cols = g.columns();
    float[] out = new float[rows * cols];
    // The output is [4 + C, rows]: read it sequentially, write each row's values.
    for (int k = 0; k < 4; k++) {
      for (int r = 0; r < rows; r++) {
        out[r * cols + k] = output[k * rows + r];
      }
    }
    float[] objectness = objectness(g, headOutputs);
    for (int c = 0; c < g.classes(); c++) {
      int from = (4 + c) * rows;
      for (int r = 0; r < rows; r++) {
        float obj = objectness[r];
        out[r * cols + 5 + c] = obj > 0 ? output[from + r] / obj : 0f;
      }
    }
    for (int r = 0; r < rows; r++) {
      out[r * cols + 4] = objectness[r];
    }
    return out;
  }

  /** Each row's objectness: 1 without an objectness head, else σ of its logit in Z. */
  private static float[] objectness(HeadGeometry g, List<FloatTensor> headOutputs) {
    float[] obj = new float[g.rows()];
    if (!g.objectnessInHeadOutputs()) {
      java.util.Arrays.fill(obj, 1f);
      return obj;
    }
    if (headOutputs.size() != g.levels().size()) {
      throw new IllegalArgumentException(
          "a YOLOv5 head in the v8 layout needs every level's head output, got "
              + headOutputs.size()
              + " of "
              + g.levels().size());
    }
    int r = 0;
    for (int l = 0; l < g.levels().size(); l++) {
      LevelGeometry level = g.levels().get(l);
      float[] z = headOutputs.get(l).data();
      int plane = level.height() * level.width();
      for (int anchor = 0; anchor < level.anchors(); anchor++) {
        int from = g.objectnessChannel(anchor) * plane;
        for (int cell = 0; cell < plane; cell++) {
          obj[r++] = (float) (1 / (1 + Math.exp(-z[from + cell])));
        }
      }
    }
    return obj;
  }
}

package io.gradstream.explain.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.ShapeProbe;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The detection head of a YOLO model: its levels' shapes, how output rows map to (level, anchor,
 * cell), and where a row's score sits in its head conv output Z. Rows are ordered level by level,
 * then anchor, then grid row and column, in both layouts ({@link YoloLayout}): {@code [N, rows, 5 +
 * C]} (YOLOv5) and {@code [N, 4 + C, rows]} (YOLOv8/11). Two kinds of head: YOLOv5's, whose Z
 * holds, per anchor, 5 + C channels (box, objectness, class logits) and scores objectness × class
 * probability; and YOLOv8/11's class branch, whose Z holds C class logits per anchor (one anchor)
 * and scores the class probability alone. {@link #of} checks the row count adds up, and the
 * explainer's load check ({@link SeedCheck}) confirms the mapping against the compiled decode
 * backward.
 *
 * @param levels finest first
 * @param rows output rows
 * @param classes class count C
 * @param inputSize side of the square model input
 * @param layout the output's layout
 * @param objectness whether Z has an objectness channel per anchor (YOLOv5's head)
 */
public record HeadGeometry(
    List<LevelGeometry> levels,
    int rows,
    int classes,
    int inputSize,
    YoloLayout layout,
    boolean objectness) {

  /**
   * Probes the shapes of {@code model}'s head levels and its output {@code output}. The layout is
   * the one the output's shape suggests ({@link YoloLayout#fromOutputShape}); for a tiny model
   * whose shape reads either way, the other layout when only that one adds up.
   */
  public static HeadGeometry of(ModelProto model, List<HeadLevel> levels, String output) {
    List<String> names = new ArrayList<>();
    levels.forEach(
        l -> {
          names.add(l.input());
          names.add(l.output());
        });
    names.add(output);
    Map<String, FloatTensor> sample = ShapeProbe.zeroInputs(model, 1);
    Map<String, long[]> shapes = ShapeProbe.shapes(model, sample, names);
    long[] input = sample.values().iterator().next().shape();
    long[] out = shapes.get(output);
    YoloLayout likely;
    try {
      likely = YoloLayout.fromOutputShape(out, 0);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedModelException(
          "output '"
              + output
              + "' has shape "
              + Arrays.toString(out)
              + "; gradient explanations read the YOLO layouts [N, rows, 5 + classes] (v5) and"
              + " [N, 4 + classes, rows] (v8/11); use method eigencam for other models");
    }
    try {
      return of(levels, output, shapes, input, likely);
    } catch (UnsupportedModelException e) {
      YoloLayout other = likely == YoloLayout.V5 ? YoloLayout.V8 : YoloLayout.V5;
      boolean fits = other == YoloLayout.V5 ? out[2] > 5 : out[1] > 4;
      if (!fits) {
        throw e;
      }
      try {
        return of(levels, output, shapes, input, other);
      } catch (UnsupportedModelException ignored) {
        throw e;
      }
    }
  }

  private static HeadGeometry of(
      List<HeadLevel> levels,
      String output,
      Map<String, long[]> shapes,
      long[] input,
      YoloLayout layout) {
    long[] out = shapes.get(output);
    int classes = layout.classCount(out);
    long outRows = layout == YoloLayout.V5 ? out[1] : out[2];
    boolean objectness = hasObjectness(layout, levels, shapes, classes);
    int perAnchor = objectness ? 5 + classes : classes;
    List<LevelGeometry> geometry = new ArrayList<>();
    int offset = 0;
    for (HeadLevel level : levels) {
      long[] a = shapes.get(level.input());
      long[] z = shapes.get(level.output());
      if (a.length != 4 || z.length != 4 || a[2] != z[2] || a[3] != z[3]) {
        throw new UnsupportedModelException(
            "head level "
                + level
                + ": A "
                + Arrays.toString(a)
                + " and Z "
                + Arrays.toString(z)
                + " must both be [N, C, H, W] with the same H and W");
      }
      if (z[1] % perAnchor != 0) {
        throw new UnsupportedModelException(
            "head output '"
                + level.output()
                + "' has "
                + z[1]
                + " channels, not a multiple of "
                + (objectness ? "5 + " : "")
                + classes
                + ": not a "
                + (objectness ? "YOLOv5" : "YOLOv8/11 class")
                + " head");
      }
      int anchors = (int) (z[1] / perAnchor);
      LevelGeometry g =
          new LevelGeometry(
              level,
              (int) a[1],
              (int) a[2],
              (int) a[3],
              (int) z[1],
              anchors,
              offset,
              (int) (input[input.length - 1] / a[3]));
      geometry.add(g);
      offset += g.rows();
    }
    if (offset != outRows) {
      throw new UnsupportedModelException(
          "the head levels decode into "
              + offset
              + " rows but output '"
              + output
              + "' has "
              + outRows
              + "; the automatically found levels "
              + levels
              + " are not this model's whole head; name the target layers in the configuration");
    }
    return new HeadGeometry(
        List.copyOf(geometry), offset, classes, (int) input[input.length - 1], layout, objectness);
  }

  /**
   * YOLOv5's head (objectness per anchor) when every level's Z is a multiple of 5 + C channels, as
   * the v5 layout requires; in the v8 layout, a head of C class logits per anchor otherwise.
   */
  private static boolean hasObjectness(
      YoloLayout layout, List<HeadLevel> levels, Map<String, long[]> shapes, int classes) {
    return layout == YoloLayout.V5
        || levels.stream()
            .allMatch(
                l -> {
                  long[] z = shapes.get(l.output());
                  return z.length == 4 && z[1] % (5 + classes) == 0;
                });
  }

  /** The level, anchor and cell output row {@code row} decodes. */
  public RowLocation locate(int row) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException("row " + row + " of " + rows);
    }
    for (int l = 0; l < levels.size(); l++) {
      LevelGeometry g = levels.get(l);
      if (row < g.rowOffset() + g.rows()) {
        int local = row - g.rowOffset();
        int plane = g.height() * g.width();
        int cell = local % plane;
        return new RowLocation(l, local / plane, cell / g.width(), cell % g.width());
      }
    }
    throw new IllegalStateException("unreachable: rows add up to " + rows);
  }

  /**
   * Values per row of the explainer's rows ({@link ExplainRows}): box, objectness, classes, in
   * either layout.
   */
  public int columns() {
    return 5 + classes;
  }

  /**
   * True when the rows' objectness is not in the output but only in the head outputs Z: a YOLOv5
   * head re-wired to the v8 layout, whose scores are objectness × class probability already
   * multiplied ({@link ExplainRows} reads it from Z).
   */
  public boolean objectnessInHeadOutputs() {
    return layout == YoloLayout.V8 && objectness;
  }

  /** Z channel of the anchor's objectness logit; -1 for a head without objectness. */
  public int objectnessChannel(int anchor) {
    return objectness ? anchor * (5 + classes) + 4 : -1;
  }

  /** Z channel of the anchor's class {@code classId} logit. */
  public int classChannel(int anchor, int classId) {
    return objectness ? anchor * (5 + classes) + 5 + classId : anchor * classes + classId;
  }
}

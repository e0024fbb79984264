package io.gradstream.explain.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.ShapeProbe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The detection head of a YOLOv5-layout model (output {@code [N, rows, 5 + C]}): its levels' shapes
 * and how output rows map to (level, anchor, cell). YOLOv5 orders rows level by level, then anchor,
 * then grid row and column; {@link #of} checks the row count adds up, and the explainer's load
 * check ({@link SeedCheck}) confirms the mapping against the compiled decode backward.
 *
 * @param levels finest first
 * @param rows output rows
 * @param classes class count C
 * @param inputSize side of the square model input
 */
public record HeadGeometry(List<LevelGeometry> levels, int rows, int classes, int inputSize) {

  /** Probes the shapes of {@code model}'s head levels and its output {@code output}. */
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
    if (out.length != 3 || out[2] <= 5) {
      throw new UnsupportedModelException(
          "output '"
              + output
              + "' has shape "
              + Arrays.toString(out)
              + "; gradient explanations support the YOLOv5 layout [N, rows, 5 + classes]; use method eigencam for other layouts");
    }
    int classes = (int) out[2] - 5;
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
      if (z[1] % (5 + classes) != 0) {
        throw new UnsupportedModelException(
            "head output '"
                + level.output()
                + "' has "
                + z[1]
                + " channels, not a multiple of 5 + "
                + classes
                + ": not a YOLOv5 head");
      }
      int anchors = (int) (z[1] / (5 + classes));
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
    if (offset != out[1]) {
      throw new UnsupportedModelException(
          "the head levels decode into "
              + offset
              + " rows but output '"
              + output
              + "' has "
              + out[1]
              + "; the automatically found levels "
              + levels
              + " are not this model's whole head; name the target layers in the configuration");
    }
    return new HeadGeometry(List.copyOf(geometry), offset, classes, (int) input[input.length - 1]);
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

  /** Values per output row: box, objectness, classes. */
  public int columns() {
    return 5 + classes;
  }
}

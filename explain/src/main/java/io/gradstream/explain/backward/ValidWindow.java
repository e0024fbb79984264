package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.ShapeProbe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subgraph A → Z rewritten to compute Z at one cell from the {@code (2r+1)²} window of A around
 * it, exactly as the full-size graph does, including at the image border:
 *
 * <ul>
 *   <li>Spatial Convs lose their padding ("valid" convolution), so each value is computed only on
 *       the cells whose whole neighbourhood is in the window, and Z comes out 1×1: no work on cells
 *       the detection's cell does not read.
 *   <li>Where two inputs of an element-wise op or Concat arrive on windows of different sizes (a
 *       CSP block's spatial branch beside its 1×1 branch), the larger is cropped to the centre.
 *   <li>The input of every spatial Conv is multiplied by {@link #MASK} (1 for window cells inside
 *       the map, 0 outside): the full-size Conv sees zero padding there, whereas on a window those
 *       cells hold what the ops before it make of A's zero crop (a 1×1 Conv's SiLU of its bias).
 *       Without it a detection at the border of the map got a gradient off by up to 20%.
 * </ul>
 *
 * <p>Feed A's window (zero outside the map), the mask of the same window, and Z's cotangent as
 * {@code [N, C_Z, 1, 1]}.
 *
 * @param model the rewritten subgraph: inputs A {@code [-1, C, 2r+1, 2r+1]} and {@link #MASK}
 *     {@code [-1, 1, 2r+1, 2r+1]}, output Z {@code [-1, C_Z, 1, 1]}
 * @param radius r, the longest chain of Conv radii from A to Z ({@link ReceptiveField#radius})
 */
public record ValidWindow(ModelProto model, int radius) {
  /** The graph input that says which window cells lie inside the map. */
  public static final String MASK = "gradstream/window_mask";

  /**
   * @param model a model containing A → Z
   * @param a the window's input A, its shape declared
   * @param z the output Z, on A's grid
   * @throws UnsupportedOpException for a node {@link ReceptiveField} refuses
   */
  public static ValidWindow of(ModelProto model, String a, String z) {
    ModelProto cut = GraphEdits.cut(model, List.of(a), List.of(z));
    int r = ReceptiveField.radius(cut);
    long channels = ShapeProbe.zeroInputs(cut, 1).get(a).shape()[1];
    long k = 2L * r + 1;
    GraphBuilder g =
        new GraphBuilder(
            cut.getGraph().toBuilder()
                .clearNode()
                .clearInput()
                .clearOutput()
                .clearValueInfo()
                .build());
    g.input(a, -1, channels, k, k).input(MASK, -1, 1, k, k);

    // How many cells each windowed value keeps on each side of the centre; absent: not windowed.
    Map<String, Integer> margin = new HashMap<>(Map.of(a, r));
    for (NodeProto n : cut.getGraph().getNodeList()) {
      int m =
          n.getInputList().stream()
              .filter(margin::containsKey)
              .mapToInt(margin::get)
              .min()
              .orElse(-1);
      if (m < 0) {
        g.addNode(n); // constants: no window
        continue;
      }
      NodeProto.Builder node = n.toBuilder();
      for (int i = 0; i < n.getInputCount(); i++) {
        Integer own = margin.get(n.getInput(i));
        if (own != null && own > m) {
          node.setInput(i, centre(g, n.getInput(i), own, m));
        }
      }
      int convRadius = ReceptiveField.convRadius(n);
      if (convRadius > 0) {
        String mask = m == r ? MASK : centre(g, MASK, r, m);
        node.setInput(0, g.op("Mul", "gradstream/window/masked", List.of(node.getInput(0), mask)));
        node.clearAttribute();
        for (AttributeProto attr : n.getAttributeList()) {
          if (!attr.getName().equals("pads")) {
            node.addAttribute(attr);
          }
        }
        m -= convRadius;
      }
      g.addNode(node.build());
      margin.put(n.getOutput(0), m);
    }
    g.output(z, (long[]) null);
    return new ValidWindow(cut.toBuilder().setGraph(g.build()).build(), r);
  }

  /** The central {@code 2·to+1} cells of a value that has {@code 2·from+1}. */
  private static String centre(GraphBuilder g, String value, int from, int to) {
    int cut = from - to;
    return g.op(
        "Slice",
        "gradstream/window/centre",
        List.of(
            value,
            g.int64s("gradstream/window/starts", cut, cut),
            g.int64s("gradstream/window/ends", cut + 2L * to + 1, cut + 2L * to + 1),
            g.int64s("gradstream/window/axes", 2, 3)));
  }
}

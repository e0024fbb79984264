package io.gradstream.explain.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the detection head's levels: the Grad-CAM target layers, found automatically. A model
 * imported by gradstream names them in its metadata ({@value #META_HEAD_INPUTS}, {@value
 * #META_HEAD_OUTPUTS}); for any other export the head convolutions are the first Convs met walking
 * back from the graph outputs through the decode ops (Reshape, Sigmoid, Mul, Concat, ...), which
 * holds for YOLOv5, v8 and v11 exports.
 */
public final class DetectionHeads {
  public static final String META_HEAD_INPUTS = "gradstream.head_inputs";
  public static final String META_HEAD_OUTPUTS = "gradstream.head_outputs";

  private DetectionHeads() {}

  /** The levels, finest (largest feature map) first. */
  public static List<HeadLevel> find(ModelProto model) {
    List<String> inputs = OnnxModels.metadataList(model, META_HEAD_INPUTS);
    List<String> outputs = OnnxModels.metadataList(model, META_HEAD_OUTPUTS);
    if (!inputs.isEmpty() && inputs.size() == outputs.size()) {
      List<HeadLevel> levels = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        levels.add(new HeadLevel(inputs.get(i), outputs.get(i)));
      }
      return levels;
    }
    return walkBack(model);
  }

  /**
   * The levels with their target activations named, one per level, finest first: each named tensor
   * pairs with the head-conv output {@link #find} gives for that level, and the backward runs from
   * it.
   *
   * @throws OnnxGraphException when the count is not one per level, or a name is not in the graph
   */
  public static List<HeadLevel> withTargets(ModelProto model, List<String> targets) {
    List<HeadLevel> found = find(model);
    if (targets.size() != found.size()) {
      throw new OnnxGraphException(
          "name one target layer per head level, finest first: this model has "
              + found.size()
              + " levels (found automatically: "
              + found.stream().map(HeadLevel::input).toList()
              + "), got "
              + targets);
    }
    GraphIndex index = new GraphIndex(model.getGraph());
    List<HeadLevel> levels = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      if (!index.has(targets.get(i))) {
        throw new OnnxGraphException(
            "target layer '"
                + targets.get(i)
                + "' is not a tensor of this model; `gradstream model info` "
                + "lists the head inputs");
      }
      levels.add(new HeadLevel(targets.get(i), found.get(i).output()));
    }
    return levels;
  }

  private static List<HeadLevel> walkBack(ModelProto model) {
    GraphIndex index = new GraphIndex(model.getGraph());
    Deque<String> pending = new ArrayDeque<>();
    model.getGraph().getOutputList().forEach(o -> pending.add(o.getName()));
    Set<String> seen = new HashSet<>();
    List<NodeProto> convs = new ArrayList<>();
    while (!pending.isEmpty()) {
      NodeProto n = index.producer(pending.pop()).orElse(null);
      if (n == null || !seen.add(n.getName() + "|" + n.getOutput(0))) {
        continue;
      }
      if (n.getOpType().equals("Conv")) {
        convs.add(n);
      } else {
        pending.addAll(n.getInputList());
      }
    }
    if (convs.isEmpty()) {
      throw new OnnxGraphException(
          "no Conv found walking back from the outputs of '"
              + model.getGraph().getName()
              + "'; name the target layer in the configuration");
    }
    // Finest level first: order by the spatial size of the conv outputs, probed once.
    List<String> probed = new ArrayList<>(convs.stream().map(n -> n.getOutput(0)).toList());
    String output = model.getGraph().getOutput(0).getName();
    probed.add(output);
    Map<String, long[]> shapes = ShapeProbe.shapes(model, ShapeProbe.zeroInputs(model, 1), probed);
    scoreConvs(convs, shapes, shapes.get(output));
    convs.sort(
        Comparator.comparingLong((NodeProto n) -> -area(shapes.get(n.getOutput(0))))
            .thenComparing(n -> n.getOutput(0)));
    return convs.stream().map(n -> new HeadLevel(n.getInput(0), n.getOutput(0))).toList();
  }

  /**
   * Keeps the convs that can hold a YOLO output's scores: a YOLOv8/11 head also reaches, walking
   * back, its box branch (4 × 16 distance bins per cell) and DFL's fixed Conv, which works on the
   * rows, not on a feature map. Kept: 4-D outputs no larger than the output's row count whose
   * channels are a multiple of 5 + C (YOLOv5) or of C (class logits). Left as found when the output
   * is not a YOLO layout.
   */
  private static void scoreConvs(List<NodeProto> convs, Map<String, long[]> shapes, long[] out) {
    YoloLayout layout;
    try {
      layout = YoloLayout.fromOutputShape(out, 0);
    } catch (IllegalArgumentException notYolo) {
      return;
    }
    long rows = layout == YoloLayout.V5 ? out[1] : out[2];
    long classes = layout.classCount(out);
    convs.removeIf(
        n -> {
          long[] z = shapes.get(n.getOutput(0));
          return z.length != 4
              || area(z) > rows
              || (z[1] % (5 + classes) != 0 && z[1] % classes != 0);
        });
    if (convs.isEmpty()) {
      throw new OnnxGraphException(
          "no head Conv with "
              + classes
              + " class channels found walking back from the outputs; name the target layer in"
              + " the configuration");
    }
  }

  private static long area(long[] shape) {
    return shape.length == 4 ? shape[2] * shape[3] : 0;
  }
}

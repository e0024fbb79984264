package io.gradstream.explain.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static shapes of intermediate tensors, found by running the graph once in ONNX Runtime with those
 * tensors exposed as outputs. Exact for every op ONNX Runtime runs (no shape rules to keep in step
 * with the ops), at the cost of one forward pass on a sample input; the backward compiler calls it
 * on the small head subgraph, once per model.
 */
public final class ShapeProbe {
  private ShapeProbe() {}

  /**
   * Zero tensors for every graph input, with each symbolic dimension set to {@code symbolic}. A
   * symbolic size other than 1 (the compiler uses 2) keeps batch axes apart from broadcast axes of
   * size 1.
   */
  public static Map<String, FloatTensor> zeroInputs(ModelProto model, long symbolic) {
    Map<String, FloatTensor> inputs = new LinkedHashMap<>();
    for (var v : model.getGraph().getInputList()) {
      var dims = v.getType().getTensorType().getShape().getDimList();
      if (!v.getType().getTensorType().hasShape()) {
        throw new OnnxGraphException(
            "graph input '"
                + v.getName()
                + "' declares no shape; cannot make a sample input for it");
      }
      long[] shape = new long[dims.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : symbolic;
      }
      inputs.put(v.getName(), FloatTensor.zeros(shape));
    }
    return inputs;
  }

  /**
   * {@code model} with a declared float32 shape (value_info) for each of {@code values} that lacks
   * one, so a cut at those values has typed inputs. Probed twice, with the symbolic dimensions set
   * to 2 and to 3: a dimension that follows them is declared symbolic ({@code N}), the others
   * fixed.
   */
  public static ModelProto declare(ModelProto model, List<String> values) {
    GraphIndex index = new GraphIndex(model.getGraph());
    List<String> missing =
        values.stream()
            .filter(
                v ->
                    index
                        .valueInfo(v)
                        .map(i -> !i.getType().getTensorType().hasShape())
                        .orElse(true))
            .toList();
    if (missing.isEmpty()) {
      return model;
    }
    Map<String, long[]> two = shapes(model, zeroInputs(model, 2), missing);
    Map<String, long[]> three = shapes(model, zeroInputs(model, 3), missing);
    var graph = model.getGraph().toBuilder();
    for (String v : missing) {
      long[] shape = two.get(v).clone();
      for (int d = 0; d < shape.length; d++) {
        if (shape[d] != three.get(v)[d]) {
          shape[d] = -1;
        }
      }
      graph.addValueInfo(GraphBuilder.floatInfo(v, shape));
    }
    return model.toBuilder().setGraph(graph).build();
  }

  /** The shape of each of {@code values} (every computed value when empty) for {@code inputs}. */
  public static Map<String, long[]> shapes(
      ModelProto model, Map<String, FloatTensor> inputs, List<String> values) {
    List<String> wanted =
        values.isEmpty() ? new GraphIndex(model.getGraph()).computedValues() : values;
    ModelProto probe = GraphEdits.withOutputs(model, wanted);
    Map<String, long[]> shapes = new LinkedHashMap<>();
    try (OrtModel ort = new OrtModel(probe)) {
      shapes.putAll(ort.shapes(inputs, wanted));
    }
    // Graph inputs are not outputs of any node, but the compiler needs their shapes too.
    inputs.forEach((name, t) -> shapes.putIfAbsent(name, t.shape()));
    return shapes;
  }
}

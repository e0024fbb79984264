package io.gradstream.explain.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Edits that return a new model and leave the original untouched: exposing intermediate tensors as
 * graph outputs, and cutting out the subgraph between a set of values and a set of outputs (the
 * detection head between its input feature maps and {@code output0}, for instance).
 */
public final class GraphEdits {
  private GraphEdits() {}

  /**
   * {@code model} with {@code values} added as graph outputs (after the existing ones; a value that
   * already is an output is not added twice). ONNX Runtime then returns them like any output, which
   * is how the explainer gets the target activations out of the detector's own forward pass.
   */
  public static ModelProto withOutputs(ModelProto model, List<String> values) {
    GraphIndex index = new GraphIndex(model.getGraph());
    GraphProto.Builder graph = model.getGraph().toBuilder();
    Set<String> outputs = new HashSet<>();
    graph.getOutputList().forEach(o -> outputs.add(o.getName()));
    for (String v : values) {
      if (!index.has(v)) {
        throw new OnnxGraphException(
            "cannot add output '"
                + v
                + "': no such value in graph '"
                + model.getGraph().getName()
                + "'");
      }
      if (outputs.add(v)) {
        graph.addOutput(declared(index, v));
      }
    }
    return model.toBuilder().setGraph(graph).build();
  }

  /**
   * True when {@code outputs} can be computed from {@code inputs} alone (and initializers), so that
   * {@link #cut} is self-contained.
   */
  public static boolean computesFrom(ModelProto model, List<String> inputs, List<String> outputs) {
    return Cut.walk(new GraphIndex(model.getGraph()), inputs, outputs).missing() == null;
  }

  /**
   * The nodes and initializers that compute {@code outputs} from {@code inputs}, walking back from
   * the outputs; {@code missing} is the first value needed that is neither computed nor an input
   * (null when the cut is self-contained).
   */
  private record Cut(Set<NodeProto> nodes, Set<String> initializers, String missing) {
    static Cut walk(GraphIndex index, List<String> inputs, List<String> outputs) {
      Set<String> stop = new HashSet<>(inputs);
      Set<NodeProto> nodes = new HashSet<>();
      Set<String> initializers = new LinkedHashSet<>();
      Deque<String> pending = new ArrayDeque<>(outputs);
      Set<String> seen = new HashSet<>();
      while (!pending.isEmpty()) {
        String v = pending.pop();
        if (v.isEmpty() || stop.contains(v) || !seen.add(v)) {
          continue;
        }
        if (index.isInitializer(v)) {
          initializers.add(v);
          continue;
        }
        var producer = index.producer(v);
        if (producer.isEmpty()) {
          return new Cut(nodes, initializers, v);
        }
        if (nodes.add(producer.get())) {
          pending.addAll(producer.get().getInputList());
        }
      }
      return new Cut(nodes, initializers, null);
    }
  }

  /**
   * The part of {@code model} that computes {@code outputs} from {@code inputs}: the nodes on paths
   * from the inputs to the outputs plus whatever else those nodes read (initializers, Constant
   * nodes). The inputs become the graph's inputs, in the order given. Fails, naming the value, when
   * an output depends on a graph input that is not among {@code inputs}: the cut would not be
   * self-contained.
   */
  public static ModelProto cut(ModelProto model, List<String> inputs, List<String> outputs) {
    GraphIndex index = new GraphIndex(model.getGraph());
    for (String in : inputs) {
      if (!index.has(in)) {
        throw new OnnxGraphException(
            "cannot cut at '"
                + in
                + "': no such value in graph '"
                + model.getGraph().getName()
                + "'");
      }
    }
    Cut cut = Cut.walk(index, inputs, outputs);
    if (cut.missing() != null) {
      throw new OnnxGraphException(
          "the cut's outputs "
              + outputs
              + " depend on '"
              + cut.missing()
              + "', which is neither computed in the cut nor among its inputs "
              + inputs);
    }
    Set<NodeProto> keep = cut.nodes();
    Set<String> usedInitializers = cut.initializers();
    GraphProto.Builder graph = GraphProto.newBuilder().setName(model.getGraph().getName() + ":cut");
    for (String in : inputs) {
      graph.addInput(declared(index, in));
    }
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (usedInitializers.contains(t.getName())) {
        graph.addInitializer(t);
      }
    }
    Set<String> computed = new HashSet<>();
    for (NodeProto n : model.getGraph().getNodeList()) {
      if (keep.contains(n)) {
        graph.addNode(n);
        computed.addAll(n.getOutputList());
      }
    }
    for (ValueInfoProto v : model.getGraph().getValueInfoList()) {
      if (computed.contains(v.getName()) && !outputs.contains(v.getName())) {
        graph.addValueInfo(v);
      }
    }
    for (String out : outputs) {
      graph.addOutput(declared(index, out));
    }
    return model.toBuilder().setGraph(graph).build();
  }

  /**
   * {@code model} with graph input {@code input} declared as {@code shape} (-1 for the symbolic
   * batch) and every other declared shape dropped (element types kept), since they may no longer
   * hold: how a subgraph is re-targeted to run on a window of its input.
   */
  public static ModelProto withInputShape(ModelProto model, String input, long[] shape) {
    GraphProto.Builder graph = model.getGraph().toBuilder().clearValueInfo();
    boolean found = false;
    for (int i = 0; i < graph.getInputCount(); i++) {
      if (graph.getInput(i).getName().equals(input)) {
        graph.setInput(i, GraphBuilder.floatInfo(input, shape));
        found = true;
      }
    }
    if (!found) {
      throw new OnnxGraphException(
          "graph '" + model.getGraph().getName() + "' has no input '" + input + "'");
    }
    for (int i = 0; i < graph.getOutputCount(); i++) {
      ValueInfoProto.Builder out = graph.getOutput(i).toBuilder();
      out.getTypeBuilder().getTensorTypeBuilder().clearShape();
      graph.setOutput(i, out);
    }
    return model.toBuilder().setGraph(graph).build();
  }

  /**
   * The declared value info of {@code value}, or float32 of unknown shape when the model declares
   * none.
   */
  static ValueInfoProto declared(GraphIndex index, String value) {
    return index
        .valueInfo(value)
        .orElseGet(
            () -> {
              int elemType =
                  index
                      .initializer(value)
                      .map(TensorProto::getDataType)
                      .orElse(TensorProto.DataType.FLOAT.getNumber());
              return ValueInfoProto.newBuilder()
                  .setName(value)
                  .setType(
                      TypeProto.newBuilder()
                          .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType)))
                  .build();
            });
  }
}

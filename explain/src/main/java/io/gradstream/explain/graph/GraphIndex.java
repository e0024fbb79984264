package io.gradstream.explain.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Look-ups over one {@link GraphProto}: which node produces a value, which nodes read it, the
 * initializers, and the declared value infos (inputs, outputs and value_info). Built once; the
 * graph is immutable, so the index never goes stale.
 */
public final class GraphIndex {
  private final GraphProto graph;
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
  private final Map<String, ValueInfoProto> valueInfos = new LinkedHashMap<>();

  public GraphIndex(GraphProto graph) {
    this.graph = graph;
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
    graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
    graph.getValueInfoList().forEach(v -> valueInfos.put(v.getName(), v));
    graph.getInputList().forEach(v -> valueInfos.put(v.getName(), v));
    graph.getOutputList().forEach(v -> valueInfos.put(v.getName(), v));
  }

  public GraphProto graph() {
    return graph;
  }

  /** The nodes in the graph's (topological) order. */
  public List<NodeProto> nodes() {
    return graph.getNodeList();
  }

  /** The node computing {@code value}, empty for graph inputs and initializers. */
  public Optional<NodeProto> producer(String value) {
    return Optional.ofNullable(producers.get(value));
  }

  /** The nodes reading {@code value}, in graph order. */
  public List<NodeProto> consumers(String value) {
    return Collections.unmodifiableList(consumers.getOrDefault(value, List.of()));
  }

  public boolean isInitializer(String value) {
    return initializers.containsKey(value);
  }

  public Optional<TensorProto> initializer(String value) {
    return Optional.ofNullable(initializers.get(value));
  }

  public Map<String, TensorProto> initializers() {
    return Collections.unmodifiableMap(initializers);
  }

  /** The declared type and shape of {@code value}, if the model declares one. */
  public Optional<ValueInfoProto> valueInfo(String value) {
    return Optional.ofNullable(valueInfos.get(value));
  }

  /** True when {@code value} exists in the graph: an input, an initializer or a node output. */
  public boolean has(String value) {
    return producers.containsKey(value)
        || initializers.containsKey(value)
        || graph.getInputList().stream().anyMatch(v -> v.getName().equals(value));
  }

  /** Every value a node computes, in graph order. */
  public List<String> computedValues() {
    List<String> values = new ArrayList<>();
    graph
        .getNodeList()
        .forEach(n -> n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(values::add));
    return values;
  }
}

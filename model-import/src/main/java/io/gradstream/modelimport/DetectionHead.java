package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detection head's convolutions: the last Conv on each path to the graph outputs. Their inputs
 * are the feature maps Grad-CAM targets (one per pyramid level, P3 at stride 8 first); their
 * outputs are the raw per-anchor predictions. Found by walking back from the outputs through the
 * decode ops (Reshape, Sigmoid, Mul, Concat, ...) until a Conv is reached.
 *
 * @param inputs value names of the feature maps entering the head, largest (finest) first
 * @param outputs value names of the head convolutions' outputs, in the same order
 */
record DetectionHead(List<String> inputs, List<String> outputs) {

  static DetectionHead find(GraphProto graph) {
    Map<String, NodeProto> producers = new HashMap<>();
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
    }
    Deque<String> pending = new ArrayDeque<>();
    graph.getOutputList().forEach(o -> pending.add(o.getName()));
    Set<String> seen = new HashSet<>();
    List<NodeProto> convs = new ArrayList<>();
    while (!pending.isEmpty()) {
      NodeProto n = producers.get(pending.pop());
      if (n == null || !seen.add(n.getName())) {
        continue;
      }
      if (n.getOpType().equals("Conv")) {
        convs.add(n);
      } else {
        pending.addAll(n.getInputList());
      }
    }
    Map<String, Long> area = spatialAreas(graph);
    convs.sort(
        Comparator.comparingLong((NodeProto n) -> -area.getOrDefault(n.getOutput(0), 0L))
            .thenComparing(NodeProto::getName));
    return new DetectionHead(
        convs.stream().map(n -> n.getInput(0)).toList(),
        convs.stream().map(n -> n.getOutput(0)).toList());
  }

  /** H*W of every rank-4 value with a known shape. */
  private static Map<String, Long> spatialAreas(GraphProto graph) {
    Map<String, Long> area = new HashMap<>();
    for (ValueInfoProto v : graph.getValueInfoList()) {
      List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
      if (dims.size() == 4 && dims.get(2).hasDimValue() && dims.get(3).hasDimValue()) {
        area.put(v.getName(), dims.get(2).getDimValue() * dims.get(3).getDimValue());
      }
    }
    return area;
  }
}

package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;

/**
 * The vector–Jacobian product of one ONNX op, written as ONNX nodes: given the gradient flowing
 * into the node's first output (the others' through {@link VjpContext#gradient}), emit nodes
 * computing the gradient for its inputs.
 */
@FunctionalInterface
public interface VjpRule {
  /**
   * @param node the forward node
   * @param gradOut the value holding ∂L/∂(node's output 0), same shape as that output; null only
   *     for an op with several outputs whose first output nothing on the path reads
   * @param ctx the graph being built, static shapes, and which inputs need a gradient
   * @return one entry per node input: the value holding ∂L/∂input, or null where the input needs
   *     none
   */
  List<String> apply(NodeProto node, String gradOut, VjpContext ctx);
}

package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The receptive-field radius of a spatially aligned subgraph (a head input A to a head conv output
 * Z of the same H×W): Z at a cell depends on A only within ±radius cells. Along each path a
 * stride-1 Conv adds (k−1)/2·dilation; element-wise ops and channel Concats (the branches of a CSP
 * block such as YOLOv5's C3) add nothing; the radius is that of the longest path. Anything else has
 * no window the windowed backward can trust, and is refused.
 */
public final class ReceptiveField {
  private static final Set<String> POINTWISE =
      Set.of("Identity", "Add", "Sub", "Mul", "Div", "Neg", "Pow", "Sigmoid", "Relu");

  private ReceptiveField() {}

  /**
   * @param cut the subgraph from A to Z (its nodes only, in topological order)
   * @throws UnsupportedOpException for a node that is neither a stride-1 Conv padded by its radius
   *     on every side, a channel Concat nor element-wise
   */
  public static int radius(ModelProto cut) {
    Map<String, Integer> reach = new HashMap<>();
    int radius = 0;
    for (NodeProto n : cut.getGraph().getNodeList()) {
      check(n);
      int in = n.getInputList().stream().mapToInt(v -> reach.getOrDefault(v, 0)).max().orElse(0);
      int out = in + convRadius(n);
      n.getOutputList().forEach(v -> reach.put(v, out));
      radius = Math.max(radius, out);
    }
    return radius;
  }

  /** (k−1)/2·dilation for a Conv, 0 for any other node. */
  static int convRadius(NodeProto n) {
    if (!n.getOpType().equals("Conv")) {
      return 0;
    }
    long[] kernel = VjpContext.intsAttr(n, "kernel_shape");
    long[] dilations = VjpContext.intsAttr(n, "dilations");
    long d = dilations == null ? 1 : Math.max(dilations[0], dilations[1]);
    return (int) ((Math.max(kernel[0], kernel[1]) - 1) / 2 * d);
  }

  /** Whether the Conv's explicit pads are {@code radius} on every side (none at all for 0). */
  private static boolean paddedBy(NodeProto conv, int radius) {
    if (!VjpContext.stringAttr(conv, "auto_pad", "NOTSET").equals("NOTSET")) {
      return false;
    }
    long[] pads = VjpContext.intsAttr(conv, "pads");
    if (pads == null) {
      return radius == 0;
    }
    return pads.length == 4 && Arrays.stream(pads).allMatch(p -> p == radius);
  }

  private static void check(NodeProto n) {
    if (n.getOpType().equals("Conv")) {
      long[] strides = VjpContext.intsAttr(n, "strides");
      long[] kernel = VjpContext.intsAttr(n, "kernel_shape");
      if (kernel == null
          || kernel.length != 2
          || (strides != null && (strides[0] != 1 || strides[1] != 1))) {
        throw new UnsupportedOpException(
            "Conv",
            VjpContext.nodeName(n),
            "the windowed backward needs 2-D stride-1 Convs with kernel_shape");
      }
      int radius = convRadius(n);
      if (!paddedBy(n, radius)) {
        throw new UnsupportedOpException(
            "Conv",
            VjpContext.nodeName(n),
            "the windowed backward needs Convs padded by their radius ("
                + radius
                + ") on every side, with explicit pads");
      }
    } else if (n.getOpType().equals("Concat")) {
      long axis = VjpContext.intAttr(n, "axis", 0);
      if (axis != 1 && axis != -3) { // -3 is axis 1 of a 4-D tensor
        throw new UnsupportedOpException(
            "Concat",
            VjpContext.nodeName(n),
            "the windowed backward needs Concats along channels (axis 1), not axis " + axis);
      }
    } else if (!POINTWISE.contains(n.getOpType())) {
      throw new UnsupportedOpException(
          n.getOpType(),
          VjpContext.nodeName(n),
          "the windowed backward supports stride-1 Convs and element-wise ops only");
    }
  }
}

package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Set;

/**
 * The receptive-field radius of a spatially aligned subgraph (a head input A to a head conv output
 * Z of the same H×W): Z at a cell depends on A only within ±radius cells. Stride-1 Convs add
 * (k−1)/2·dilation each; element-wise ops and channel Concats (the branches of a CSP block such as
 * YOLOv5's C3) add nothing. Anything else has no window the windowed backward can trust, and is
 * refused.
 */
public final class ReceptiveField {
  private static final Set<String> POINTWISE =
      Set.of("Identity", "Add", "Sub", "Mul", "Div", "Neg", "Pow", "Sigmoid", "Relu");

  private ReceptiveField() {}

  /**
   * @param cut the subgraph from A to Z (its nodes only)
   * @throws UnsupportedOpException for a node that is neither a stride-1 Conv nor element-wise, or
   *     for a chain with more than one spatial Conv (cropping A would then not reproduce the zero
   *     padding the inner Convs see at the image border)
   */
  public static int radius(ModelProto cut) {
    int radius = 0;
    int spatialConvs = 0;
    for (NodeProto n : cut.getGraph().getNodeList()) {
      if (n.getOpType().equals("Conv")) {
        long[] strides = VjpContext.intsAttr(n, "strides");
        long[] kernel = VjpContext.intsAttr(n, "kernel_shape");
        long[] dilations = VjpContext.intsAttr(n, "dilations");
        if (kernel == null
            || kernel.length != 2
            || (strides != null && (strides[0] != 1 || strides[1] != 1))) {
          throw new UnsupportedOpException(
              "Conv",
              VjpContext.nodeName(n),
              "the windowed backward needs 2-D stride-1 Convs with kernel_shape");
        }
        long d = dilations == null ? 1 : Math.max(dilations[0], dilations[1]);
        long r = (Math.max(kernel[0], kernel[1]) - 1) / 2 * d;
        if (r > 0 && ++spatialConvs > 1) {
          throw new UnsupportedOpException(
              "Conv",
              VjpContext.nodeName(n),
              "the windowed backward supports one spatial Conv between A and Z for now");
        }
        radius += (int) r;
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
    return radius;
  }
}

package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.util.List;

/**
 * {@code Pad} (zero padding) to ONNX Pad, in whatever layout its input is stored: YOLOv5 pads
 * before each stride-2 convolution, between two NCHW tensors. TF's {@code [[before, after], ...]}
 * pairs become ONNX's {@code [all befores..., all afters...]} in the stored axis order.
 */
final class PadConverter implements OpConverter {

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    OnnxValue x = context.value(node, 0);
    int[] paddings = context.constant(node, 1, "paddings").requireInts(node.name(), "paddings");
    int rank = x.rank();
    if (paddings.length != 2 * rank) {
      throw new ModelException(
          "node '"
              + node.name()
              + "': paddings has "
              + paddings.length
              + " values for a rank-"
              + rank
              + " input");
    }
    long[] pads = new long[2 * rank];
    long[] dims = x.tfShape().dims().clone();
    for (int tfAxis = 0; tfAxis < rank; tfAxis++) {
      int axis = x.layout().onnxAxis(tfAxis, rank);
      pads[axis] = paddings[2 * tfAxis];
      pads[rank + axis] = paddings[2 * tfAxis + 1];
      if (dims[tfAxis] >= 0) {
        dims[tfAxis] += paddings[2 * tfAxis] + paddings[2 * tfAxis + 1];
      } else if (paddings[2 * tfAxis] + paddings[2 * tfAxis + 1] != 0) {
        dims[tfAxis] = TfShape.UNKNOWN;
      }
    }
    String padsName =
        context.graph().int64Vector(context.graph().freshName(node.name() + "/pads"), pads);
    OnnxValue out = new OnnxValue(node.name(), x.layout(), new TfShape(dims));
    context
        .graph()
        .node("Pad", List.of(x.name(), padsName), out, OnnxGraphBuilder.attr("mode", "constant"));
    context.define(node.name(), out);
  }
}

package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ConcatV2} to ONNX Concat. The axis is the last input (a constant). When all inputs are
 * stored NCHW the concat stays NCHW with the axis remapped (TF's channel axis 3 becomes 1), which
 * is what YOLO's C3 blocks and FPN concats need.
 */
final class ConcatConverter implements OpConverter {

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    int n = node.inputs().size() - 1;
    if (n < 1) {
      throw new ModelException(
          "node '"
              + node.name()
              + "' (ConcatV2) has no inputs to concatenate: model.json is damaged");
    }
    int[] axisValue = context.constant(node, n, "axis").requireInts(node.name(), "axis");
    List<OnnxValue> values = new ArrayList<>();
    boolean allNchw = true;
    for (int i = 0; i < n; i++) {
      if (context.isConstant(node, i)) {
        throw new UnsupportedOpException(
            node.op(),
            node.name(),
            "with a constant input; the importer converts concatenations of computed tensors");
      }
      OnnxValue v = context.value(node, i);
      values.add(v);
      allNchw &= v.layout() == Layout.NCHW;
    }
    Layout layout = allNchw ? Layout.NCHW : Layout.TF;
    int rank = values.get(0).rank();
    int tfAxis = axisValue[0] < 0 ? axisValue[0] + rank : axisValue[0];
    List<String> names = new ArrayList<>();
    long total = 0;
    for (OnnxValue v : values) {
      OnnxValue laid = context.inLayout(v, layout);
      names.add(laid.name());
      long d = laid.tfShape().dim(tfAxis);
      total = total < 0 || d < 0 ? TfShape.UNKNOWN : total + d;
    }
    TfShape shape = values.get(0).tfShape().withDim(tfAxis, total);
    OnnxValue out = new OnnxValue(node.name(), layout, shape);
    context
        .graph()
        .node(
            "Concat",
            names,
            out,
            OnnxGraphBuilder.attr("axis", (long) layout.onnxAxis(tfAxis, rank)));
    context.define(node.name(), out);
  }
}

package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.gradstream.explain.graph.GraphBuilder;
import java.util.Arrays;
import java.util.List;

/**
 * The input gradient of a stride-1 2-D MaxPool (YOLOv5's SPPF chains three): each output's gradient
 * goes to the one input its maximum came from. A twin MaxPool node yields ONNX's Indices output
 * (flat positions in the input); for each of the k×k kernel offsets, the output gradient shifted by
 * that offset lands where its index equals the input position's own. Exact on plateaus too: a
 * chained pool's tied maxima all trace back to one input, which receives the gradient once per
 * output. Built from opset-13 ops (ScatterElements' add reduction needs opset 16).
 */
final class MaxPoolVjp {
  private MaxPoolVjp() {}

  static List<String> apply(NodeProto n, String g, VjpContext ctx) {
    String name = VjpContext.nodeName(n);
    long[] x = ctx.shape(n.getInput(0));
    long[] kernel = VjpContext.intsAttr(n, "kernel_shape");
    long[] strides = VjpContext.intsAttr(n, "strides");
    long[] dilations = VjpContext.intsAttr(n, "dilations");
    long[] pads = VjpContext.intsAttr(n, "pads");
    if (x.length != 4 || kernel == null || kernel.length != 2) {
      throw new UnsupportedOpException(
          "MaxPool",
          name,
          "only 2-D pooling of [N, C, H, W] is supported, got " + Arrays.toString(x));
    }
    if (!VjpContext.stringAttr(n, "auto_pad", "NOTSET").equals("NOTSET")
        || VjpContext.intAttr(n, "ceil_mode", 0) != 0
        || VjpContext.intAttr(n, "storage_order", 0) != 0) {
      throw new UnsupportedOpException(
          "MaxPool", name, "only explicit pads, ceil_mode 0 and storage_order 0 are supported");
    }
    if ((strides != null && Arrays.stream(strides).anyMatch(s -> s != 1))
        || (dilations != null && Arrays.stream(dilations).anyMatch(d -> d != 1))) {
      throw new UnsupportedOpException(
          "MaxPool",
          name,
          "only strides and dilations of 1 are supported, got strides "
              + Arrays.toString(strides)
              + ", dilations "
              + Arrays.toString(dilations));
    }
    long[] p = pads == null ? new long[4] : pads;
    GraphBuilder graph = ctx.graph();
    String indices = graph.fresh("grad/MaxPool_indices");
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("MaxPool")
            .setName(indices)
            .addInput(n.getInput(0))
            .addOutput(graph.fresh("grad/MaxPool_values"))
            .addOutput(indices)
            .addAllAttribute(n.getAttributeList())
            .build());
    String own =
        ctx.op(
            "Reshape",
            List.of(
                ctx.op(
                    "Range",
                    List.of(
                        graph.int64Scalar("zero", 0),
                        ctx.op("Size", List.of(n.getInput(0))),
                        graph.int64Scalar("one", 1))),
                ctx.op("Shape", List.of(n.getInput(0)))));
    // Padded so that every offset's window of outputs is one in-range Slice of input size.
    long beforeH = kernel[0] - 1 - p[0];
    long beforeW = kernel[1] - 1 - p[1];
    long[] around = {0, 0, beforeH, beforeW, 0, 0, kernel[0] - 1 - p[2], kernel[1] - 1 - p[3]};
    String gradPadded = ctx.op("Pad", List.of(g, graph.int64s("pads", around)));
    String indicesPadded =
        ctx.op(
            "Pad", List.of(indices, graph.int64s("pads", around), graph.int64Scalar("none", -1)));
    String axes = graph.int64s("axes", 2, 3);
    String sum = null;
    for (long dy = 0; dy < kernel[0]; dy++) {
      for (long dx = 0; dx < kernel[1]; dx++) {
        // Input (i, j) sits at kernel offset (dy, dx) of output (i + top − dy, j + left − dx).
        long sy = beforeH + p[0] - dy;
        long sx = beforeW + p[1] - dx;
        String starts = graph.int64s("starts", sy, sx);
        String ends = graph.int64s("ends", sy + x[2], sx + x[3]);
        String shiftedGrad = ctx.op("Slice", List.of(gradPadded, starts, ends, axes));
        String shiftedIndices = ctx.op("Slice", List.of(indicesPadded, starts, ends, axes));
        String mine =
            ctx.op(
                "Cast",
                List.of(ctx.op("Equal", List.of(shiftedIndices, own))),
                attr("to", (long) TensorProto.DataType.FLOAT.getNumber()));
        String term = ctx.op("Mul", List.of(shiftedGrad, mine));
        sum = sum == null ? term : ctx.op("Add", List.of(sum, term));
      }
    }
    return List.of(sum);
  }
}

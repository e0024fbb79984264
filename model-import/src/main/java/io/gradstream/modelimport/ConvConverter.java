package io.gradstream.modelimport;

import static io.gradstream.modelimport.OnnxGraphBuilder.ints;

import io.gradstream.inference.model.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Conv2D} and {@code _FusedConv2D} (Grappler's Conv2D+BiasAdd[+activation]) to an ONNX Conv
 * in NCHW, followed by the fused activation as its own node. The HWIO filter is transposed to OIHW
 * once, at import, and TF's SAME padding becomes explicit pads.
 */
final class ConvConverter implements OpConverter {
  private static final Set<String> PADDINGS = Set.of("SAME", "VALID", "EXPLICIT");

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    boolean fused = node.op().equals("_FusedConv2D");
    Activation activation = fused ? fusedActivation(node) : null;
    String dataFormat = node.string("data_format", "NHWC");
    if (!dataFormat.equals("NHWC")) {
      throw new UnsupportedOpException(
          node.op(), node.name(), "with data_format " + dataFormat + "; TF.js graphs are NHWC");
    }
    String padding = node.string("padding", "VALID");
    if (!PADDINGS.contains(padding)) {
      throw new UnsupportedOpException(node.op(), node.name(), "with padding " + padding);
    }

    OnnxValue x = context.inLayout(context.value(node, 0), Layout.NCHW);
    ConstTensor filter = context.constant(node, 1, "filter");
    if (filter.rank() != 4 || x.rank() != 4) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "on a rank-"
              + x.rank()
              + " input with a rank-"
              + filter.rank()
              + " filter; only 2-D convolutions of NHWC images are converted");
    }
    int kh = filter.shape()[0];
    int kw = filter.shape()[1];
    int cin = filter.shape()[2];
    int cout = filter.shape()[3];
    long channels = x.tfShape().dim(3);
    if (channels < 0 || channels % cin != 0) {
      throw new ModelException(
          "node '"
              + node.name()
              + "': input has "
              + channels
              + " channels, the filter expects a multiple of "
              + cin);
    }
    long group = channels / cin;
    long[] strides = spatial(node, "strides", node.ints("strides"));
    long[] dilations = spatial(node, "dilations", node.ints("dilations"));
    TfShape in = x.tfShape();
    if (!in.isStatic(1) || !in.isStatic(2)) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "on an input of unknown height or width "
              + in
              + "; the importer needs a fixed input size");
    }
    long[] pads =
        switch (padding) {
          case "EXPLICIT" -> explicitPads(node);
          default ->
              SamePadding.onnxPads(
                  in, new long[] {kh, kw}, strides, dilations, padding.equals("SAME"));
        };
    long outH = (in.dim(1) + pads[0] + pads[2] - ((kh - 1) * dilations[0] + 1)) / strides[0] + 1;
    long outW = (in.dim(2) + pads[1] + pads[3] - ((kw - 1) * dilations[1] + 1)) / strides[1] + 1;
    TfShape outShape = TfShape.of(in.dim(0), outH, outW, cout);

    List<String> inputs = new ArrayList<>(List.of(x.name(), weights(context, filter)));
    if (fused) {
      ConstTensor bias = context.constant(node, 2, "bias");
      float[] b = bias.requireFloats(node.name(), "bias");
      if (b.length != cout) {
        throw new ModelException(
            "node '"
                + node.name()
                + "': bias has "
                + b.length
                + " values for "
                + cout
                + " output channels");
      }
      inputs.add(
          context
              .graph()
              .floatInitializer(context.graph().freshName(bias.name()), new long[] {cout}, b));
    }
    String convName = activation == null ? node.name() : node.name() + "/pre_activation";
    OnnxValue conv = new OnnxValue(context.graph().freshName(convName), Layout.NCHW, outShape);
    context
        .graph()
        .node(
            "Conv",
            inputs,
            conv,
            ints("kernel_shape", kh, kw),
            ints("strides", strides),
            ints("dilations", dilations),
            ints("pads", pads),
            OnnxGraphBuilder.attr("group", group));
    OnnxValue out = conv;
    if (activation != null) {
      out = new OnnxValue(node.name(), Layout.NCHW, outShape);
      activation.emit(context.graph(), conv.name(), out, node.floatValue("leakyrelu_alpha", 0.2f));
    }
    context.define(node.name(), out);
  }

  /** The activation after BiasAdd, or null. FusedBatchNorm, PRelu and other fusions are refused. */
  private static Activation fusedActivation(TfjsNode node) {
    List<String> ops = node.strings("fused_ops");
    long numArgs = node.integer("num_args", 1);
    if (ops.isEmpty() || !ops.get(0).equals("BiasAdd") || ops.size() > 2 || numArgs != 1) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "with fused_ops "
              + ops
              + " and num_args "
              + numArgs
              + "; the importer converts BiasAdd optionally followed by Relu, Relu6, Elu, LeakyRelu, Sigmoid or Tanh");
    }
    if (ops.size() == 1) {
      return null;
    }
    Activation a = Activation.fromTf(ops.get(1));
    if (a == null) {
      throw new UnsupportedOpException(
          node.op(), node.name(), "with fused activation " + ops.get(1));
    }
    return a;
  }

  /** The H and W entries of an NHWC attribute ({@code [1, h, w, 1]}); 1s when absent. */
  private static long[] spatial(TfjsNode node, String attr, long[] values) {
    if (values.length == 0) {
      return new long[] {1, 1};
    }
    if (values.length != 4 || values[0] != 1 || values[3] != 1) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "with "
              + attr
              + " "
              + java.util.Arrays.toString(values)
              + "; only [1, h, w, 1] is meaningful for NHWC");
    }
    return new long[] {values[1], values[2]};
  }

  private static long[] explicitPads(TfjsNode node) {
    long[] p = node.ints("explicit_paddings");
    if (p.length != 8) {
      throw new ModelException(
          "node '"
              + node.name()
              + "': EXPLICIT padding needs 8 explicit_paddings, has "
              + p.length);
    }
    // NHWC pairs (before, after) per axis -> ONNX [top, left, bottom, right].
    return new long[] {p[2], p[4], p[3], p[5]};
  }

  /** The HWIO filter as an OIHW initializer, named after the TF constant. */
  private static String weights(ConversionContext context, ConstTensor filter) {
    float[] f = filter.requireFloats(filter.name(), "filter");
    int kh = filter.shape()[0];
    int kw = filter.shape()[1];
    int cin = filter.shape()[2];
    int cout = filter.shape()[3];
    float[] oihw = new float[f.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < cin; i++) {
          for (int o = 0; o < cout; o++) {
            oihw[((o * cin + i) * kh + y) * kw + x] = f[((y * kw + x) * cin + i) * cout + o];
          }
        }
      }
    }
    return context
        .graph()
        .floatInitializer(
            context.graph().freshName(filter.name()), new long[] {cout, cin, kh, kw}, oihw);
  }
}

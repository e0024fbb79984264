package io.gradstream.modelimport;

import static io.gradstream.modelimport.OnnxGraphBuilder.ints;

import java.util.Arrays;
import java.util.List;

/**
 * {@code MaxPool} (NHWC) to ONNX MaxPool in NCHW. ONNX ignores padded positions in a max, as TF
 * does for SAME, so explicit pads reproduce TF exactly (YOLOv5's SPPF pools 5x5 with SAME).
 */
final class MaxPoolConverter implements OpConverter {

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    String dataFormat = node.string("data_format", "NHWC");
    String padding = node.string("padding", "VALID");
    long[] ksize = node.ints("ksize");
    long[] strides = node.ints("strides");
    if (!dataFormat.equals("NHWC")
        || !(padding.equals("SAME") || padding.equals("VALID"))
        || ksize.length != 4
        || strides.length != 4
        || ksize[0] != 1
        || ksize[3] != 1
        || strides[0] != 1
        || strides[3] != 1) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "with data_format "
              + dataFormat
              + ", padding "
              + padding
              + ", ksize "
              + Arrays.toString(ksize)
              + ", strides "
              + Arrays.toString(strides)
              + "; the importer converts NHWC spatial pooling with SAME or VALID padding");
    }
    OnnxValue x = context.inLayout(context.value(node, 0), Layout.NCHW);
    TfShape in = x.tfShape();
    if (!in.isStatic(1) || !in.isStatic(2)) {
      throw new UnsupportedOpException(
          node.op(), node.name(), "on an input of unknown height or width " + in);
    }
    long[] kernel = {ksize[1], ksize[2]};
    long[] stride = {strides[1], strides[2]};
    long[] dilation = {1, 1};
    boolean same = padding.equals("SAME");
    long[] pads = SamePadding.onnxPads(in, kernel, stride, dilation, same);
    TfShape shape =
        TfShape.of(
            in.dim(0),
            SamePadding.outputSize(in.dim(1), kernel[0], stride[0], 1, same),
            SamePadding.outputSize(in.dim(2), kernel[1], stride[1], 1, same),
            in.dim(3));
    OnnxValue out = new OnnxValue(node.name(), Layout.NCHW, shape);
    context
        .graph()
        .node(
            "MaxPool",
            List.of(x.name()),
            out,
            ints("kernel_shape", kernel),
            ints("strides", stride),
            ints("pads", pads));
    context.define(node.name(), out);
  }
}

package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;
import static io.gradstream.explain.graph.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.gradstream.explain.graph.GraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The input gradient of Conv is the transposed convolution of the output gradient with the same
 * weights: ONNX ConvTranspose takes its weight as {@code [C_in_of_it, C_out/group, k...]}, which is
 * exactly Conv's {@code [C_out, C_in/group, k...]}, so the forward weights are reused as they are.
 * Only the data input is differentiated: the weights and bias are constants of the deployed model.
 */
final class ConvVjp {
  private ConvVjp() {}

  static List<String> apply(NodeProto n, String g, VjpContext ctx) {
    String name = VjpContext.nodeName(n);
    for (int i = 1; i < n.getInputCount(); i++) {
      if (ctx.needsGrad(n.getInput(i))) {
        throw new UnsupportedOpException(
            "Conv", name, "its weights or bias depend on the target activation");
      }
    }
    String autoPad = VjpContext.stringAttr(n, "auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
      throw new UnsupportedOpException(
          "Conv", name, "auto_pad=" + autoPad + " is not supported; export with explicit pads");
    }
    long[] x = ctx.shape(n.getInput(0));
    long[] y = ctx.shape(n.getOutput(0));
    long[] w = ctx.shape(n.getInput(1));
    int spatial = x.length - 2;
    long[] kernel = VjpContext.intsAttr(n, "kernel_shape");
    if (kernel == null) {
      kernel = Arrays.copyOfRange(w, 2, w.length);
    }
    long[] strides = orOnes(VjpContext.intsAttr(n, "strides"), spatial);
    long[] dilations = orOnes(VjpContext.intsAttr(n, "dilations"), spatial);
    long[] pads = VjpContext.intsAttr(n, "pads");
    if (pads == null || autoPad.equals("VALID")) {
      pads = new long[2 * spatial];
    }
    // ConvTranspose's output size is stride·(in−1) + output_padding + (k−1)·dilation + 1 − pads;
    // the
    // output_padding recovers the input rows a strided Conv dropped, so the shapes match exactly.
    long[] outputPadding = new long[spatial];
    for (int d = 0; d < spatial; d++) {
      long size =
          strides[d] * (y[d + 2] - 1)
              + (kernel[d] - 1) * dilations[d]
              + 1
              - pads[d]
              - pads[d + spatial];
      outputPadding[d] = x[d + 2] - size;
      if (outputPadding[d] < 0 || outputPadding[d] >= Math.max(strides[d], dilations[d])) {
        throw new UnsupportedOpException(
            "Conv", name, "cannot match input size " + x[d + 2] + " with a transposed convolution");
      }
    }
    long group = VjpContext.intAttr(n, "group", 1);
    String gx =
        unitStride(strides) && group == 1
            ? flippedConv(ctx, g, n.getInput(1), kernel, dilations, pads)
            : null;
    if (gx == null) {
      gx =
          ctx.op(
              "ConvTranspose",
              List.of(g, n.getInput(1)),
              ints("kernel_shape", kernel),
              ints("strides", strides),
              ints("dilations", dilations),
              ints("pads", pads),
              ints("output_padding", outputPadding),
              attr("group", group));
    }
    List<String> out = new ArrayList<>();
    out.add(gx);
    for (int i = 1; i < n.getInputCount(); i++) {
      out.add(null);
    }
    return out;
  }

  private static boolean unitStride(long[] strides) {
    return Arrays.stream(strides).allMatch(v -> v == 1);
  }

  /**
   * For a stride-1 Conv, the transposed convolution is a plain Conv of the output gradient with the
   * weights' in and out channels swapped and the kernel flipped, padded by (k−1)·d − p: ONNX
   * Runtime runs that as one GEMM for a 1×1 kernel, where its ConvTranspose adds a col2im pass and
   * two layout reorders (measured: 40 % of the windowed backward). The weight transform reads only
   * initializers, so ONNX Runtime folds it once at load. Null when a pad exceeds (k−1)·d.
   */
  private static String flippedConv(
      VjpContext ctx, String g, String weight, long[] kernel, long[] dilations, long[] pads) {
    int spatial = kernel.length;
    long[] convPads = new long[2 * spatial];
    for (int d = 0; d < spatial; d++) {
      long reach = (kernel[d] - 1) * dilations[d];
      convPads[d] = reach - pads[d];
      convPads[d + spatial] = reach - pads[d + spatial];
      if (convPads[d] < 0 || convPads[d + spatial] < 0) {
        return null;
      }
    }
    long[] perm = new long[spatial + 2]; // [C_out, C_in, k...] → [C_in, C_out, k...]
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i < 2 ? 1 - i : i;
    }
    String w = ctx.op("Transpose", List.of(weight), ints("perm", perm));
    if (Arrays.stream(kernel).anyMatch(k -> k > 1)) {
      GraphBuilder b = ctx.graph();
      long[] minusOnes = new long[spatial];
      long[] ends = new long[spatial];
      long[] axes = new long[spatial];
      for (int d = 0; d < spatial; d++) {
        minusOnes[d] = -1;
        ends[d] = Long.MIN_VALUE;
        axes[d] = d + 2;
      }
      w =
          ctx.op(
              "Slice",
              List.of(
                  w,
                  b.int64s("flip_starts", minusOnes),
                  b.int64s("flip_ends", ends),
                  b.int64s("flip_axes", axes),
                  b.int64s("flip_steps", minusOnes)));
    }
    return ctx.op(
        "Conv",
        List.of(g, w),
        ints("kernel_shape", kernel),
        ints("dilations", dilations),
        ints("pads", convPads));
  }

  private static long[] orOnes(long[] v, int n) {
    if (v != null) {
      return v;
    }
    long[] ones = new long[n];
    Arrays.fill(ones, 1);
    return ones;
  }
}

package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;
import static io.gradstream.explain.graph.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Vector–Jacobian products of ops that move or select elements: each is the adjoint data movement.
 */
final class ShapeVjps {
  private ShapeVjps() {}

  /** Reshape back to the input's runtime shape (works for any batch). */
  static List<String> reshape(NodeProto n, String g, VjpContext ctx) {
    return padded(n, ctx.op("Reshape", List.of(g, ctx.op("Shape", List.of(n.getInput(0))))));
  }

  /** Transpose by the inverse permutation. */
  static List<String> transpose(NodeProto n, String g, VjpContext ctx) {
    long[] perm = VjpContext.intsAttr(n, "perm");
    if (perm == null) {
      perm = new long[ctx.shape(n.getInput(0)).length];
      for (int i = 0; i < perm.length; i++) {
        perm[i] = perm.length - 1 - i;
      }
    }
    long[] inverse = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[(int) perm[i]] = i;
    }
    return List.of(ctx.op("Transpose", List.of(g), ints("perm", inverse)));
  }

  /** Each input's gradient is its slice of the output gradient along the concat axis. */
  static List<String> concat(NodeProto n, String g, VjpContext ctx) {
    long axis = axis(n, ctx.shape(n.getOutput(0)).length);
    List<String> out = new ArrayList<>();
    long offset = 0;
    for (String in : n.getInputList()) {
      long size = ctx.shape(in)[(int) axis];
      out.add(
          ctx.needsGrad(in)
              ? ctx.op(
                  "Slice",
                  List.of(
                      g,
                      ctx.graph().int64s("starts", offset),
                      ctx.graph().int64s("ends", offset + size),
                      ctx.graph().int64s("axes", axis)))
              : null);
      offset += size;
    }
    return out;
  }

  /**
   * Zero-pad the output gradient back to the input's shape; unit steps and constant bounds only.
   */
  static List<String> slice(NodeProto n, String g, VjpContext ctx) {
    String name = VjpContext.nodeName(n);
    long[] in = ctx.shape(n.getInput(0));
    long[] out = ctx.shape(n.getOutput(0));
    long[] starts = ctx.constantInts(n.getInput(1));
    long[] axes =
        n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? ctx.constantInts(n.getInput(3)) : null;
    long[] steps =
        n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? ctx.constantInts(n.getInput(4)) : null;
    if (starts == null
        || (n.getInputCount() > 3 && !n.getInput(3).isEmpty() && axes == null)
        || (n.getInputCount() > 4 && !n.getInput(4).isEmpty() && steps == null)) {
      throw new UnsupportedOpException(
          "Slice", name, "starts, axes and steps must be constants (initializers)");
    }
    if (steps != null && Arrays.stream(steps).anyMatch(s -> s != 1)) {
      throw new UnsupportedOpException(
          "Slice", name, "only unit steps are supported, got " + Arrays.toString(steps));
    }
    long[] pads = new long[2 * in.length];
    for (int i = 0; i < starts.length; i++) {
      int axis = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + in.length : axes[i]);
      long start = starts[i] < 0 ? starts[i] + in[axis] : starts[i];
      start = Math.max(0, Math.min(start, in[axis]));
      pads[axis] = start;
      pads[axis + in.length] = in[axis] - start - out[axis];
    }
    return padded(n, ctx.op("Pad", List.of(g, ctx.graph().int64s("pads", pads))));
  }

  /**
   * Slice the padding off again: constant-mode Pad only (TF exports pad explicitly before strided
   * convolutions), with constant, non-negative pads that leave the batch axis alone.
   */
  static List<String> pad(NodeProto n, String g, VjpContext ctx) {
    String name = VjpContext.nodeName(n);
    String mode = VjpContext.stringAttr(n, "mode", "constant");
    if (!mode.equals("constant")) {
      throw new UnsupportedOpException(
          "Pad", name, "only mode 'constant' is supported, got '" + mode + "'");
    }
    long[] pads =
        n.getInputCount() > 1 && !n.getInput(1).isEmpty()
            ? ctx.constantInts(n.getInput(1))
            : VjpContext.intsAttr(n, "pads");
    if (pads == null) {
      throw new UnsupportedOpException("Pad", name, "pads must be a constant (initializer)");
    }
    if (n.getInputCount() > 3 && !n.getInput(3).isEmpty()) {
      throw new UnsupportedOpException(
          "Pad", name, "the axes input is not supported; give pads for every axis");
    }
    long[] in = ctx.shape(n.getInput(0));
    int rank = in.length;
    List<Long> starts = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    List<Long> axes = new ArrayList<>();
    for (int axis = 0; axis < rank; axis++) {
      long before = pads[axis];
      long after = pads[axis + rank];
      if (before < 0 || after < 0 || (axis == 0 && before + after != 0)) {
        throw new UnsupportedOpException(
            "Pad",
            name,
            "pads must be non-negative and leave the batch axis alone, got "
                + Arrays.toString(pads));
      }
      if (before + after != 0) {
        starts.add(before);
        ends.add(before + in[axis]);
        axes.add((long) axis);
      }
    }
    if (axes.isEmpty()) {
      return padded(n, g);
    }
    return padded(
        n,
        ctx.op(
            "Slice",
            List.of(
                g,
                ctx.graph().int64s("starts", toArray(starts)),
                ctx.graph().int64s("ends", toArray(ends)),
                ctx.graph().int64s("axes", toArray(axes)))));
  }

  /**
   * Nearest-neighbour upsampling by whole factors (YOLO necks' Upsample): each input cell was
   * copied into an sH×sW block of the output, so its gradient is that block's sum, a Reshape and a
   * ReduceSum. The modes must send output cell i to input cell ⌊i/s⌋, which the rule checks on
   * every cell.
   */
  static List<String> resize(NodeProto n, String g, VjpContext ctx) {
    String name = VjpContext.nodeName(n);
    String mode = VjpContext.stringAttr(n, "mode", "nearest");
    if (!mode.equals("nearest")) {
      throw new UnsupportedOpException(
          "Resize", name, "only mode 'nearest' is supported, got '" + mode + "'");
    }
    long[] in = ctx.shape(n.getInput(0));
    long[] out = ctx.shape(n.getOutput(0));
    if (in.length != 4
        || out[0] != in[0]
        || out[1] != in[1]
        || out[2] % in[2] != 0
        || out[3] % in[3] != 0) {
      throw new UnsupportedOpException(
          "Resize",
          name,
          "only [N, C, H, W] upsampled by whole factors in H and W is supported, got "
              + Arrays.toString(in)
              + " -> "
              + Arrays.toString(out));
    }
    String transform = VjpContext.stringAttr(n, "coordinate_transformation_mode", "half_pixel");
    String rounding = VjpContext.stringAttr(n, "nearest_mode", "round_prefer_floor");
    for (int axis = 2; axis < 4; axis++) {
      int lenIn = (int) in[axis];
      int lenOut = (int) out[axis];
      int factor = lenOut / lenIn;
      for (int i = 0; i < lenOut; i++) {
        if (NearestResize.source(transform, rounding, i, lenIn, lenOut) != i / factor) {
          throw new UnsupportedOpException(
              "Resize",
              name,
              "coordinate_transformation_mode '"
                  + transform
                  + "' with nearest_mode '"
                  + rounding
                  + "' does not copy each input cell into one whole block; only such upsampling is supported");
        }
      }
    }
    long h = in[2];
    long w = in[3];
    String blocks =
        ctx.op(
            "Reshape",
            List.of(g, ctx.graph().int64s("blocks", 0, in[1], h, out[2] / h, w, out[3] / w)));
    return padded(
        n,
        ctx.op(
            "ReduceSum", List.of(blocks, ctx.graph().int64s("axes", 3, 5)), attr("keepdims", 0L)));
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  /** Spread the gradient back over the reduced axes (opset 13: axes is an optional input). */
  static List<String> reduceSum(NodeProto n, String g, VjpContext ctx) {
    int rank = ctx.shape(n.getInput(0)).length;
    boolean keep = VjpContext.intAttr(n, "keepdims", 1) == 1;
    long[] axes =
        n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? ctx.constantInts(n.getInput(1)) : null;
    if (n.getInputCount() > 1 && !n.getInput(1).isEmpty() && axes == null) {
      throw new UnsupportedOpException(
          "ReduceSum", VjpContext.nodeName(n), "axes must be a constant (initializer)");
    }
    if (axes == null || axes.length == 0) {
      axes = new long[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    }
    String kept = keep ? g : ctx.op("Unsqueeze", List.of(g, ctx.graph().int64s("axes", axes)));
    return padded(n, ctx.op("Expand", List.of(kept, ctx.op("Shape", List.of(n.getInput(0))))));
  }

  /**
   * The output gradients side by side again: Split's outputs tile its input along the axis, so the
   * input's gradient is their Concat, with zeros for an output nothing on the path reads (as
   * YOLOv8's head splits box and class channels and a score reads only the class part).
   */
  static List<String> split(NodeProto n, String g, VjpContext ctx) {
    long axis = axis(n, ctx.shape(n.getInput(0)).length);
    List<String> parts = new ArrayList<>();
    for (String out : n.getOutputList()) {
      String part = ctx.gradient(out);
      parts.add(
          part != null ? part : ctx.op("ConstantOfShape", List.of(ctx.op("Shape", List.of(out)))));
    }
    return padded(n, ctx.op("Concat", parts, attr("axis", axis)));
  }

  /**
   * The node's {@code axis} attribute (default 0), counted from the front of a rank-{@code rank}
   * value.
   */
  private static long axis(NodeProto n, int rank) {
    long axis = VjpContext.intAttr(n, "axis", 0);
    return axis < 0 ? axis + rank : axis;
  }

  /** The gradient for input 0, null for the node's other (constant) inputs. */
  private static List<String> padded(NodeProto n, String first) {
    List<String> out = new ArrayList<>();
    out.add(first);
    for (int i = 1; i < n.getInputCount(); i++) {
      out.add(null);
    }
    return out;
  }
}

package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code StridedSlice} with constant begin/end/strides to ONNX Slice (plus Squeeze for
 * shrink_axis_mask), in TF's dimension order. TF's sparse slice spec, with its begin, end, ellipsis
 * and shrink masks, is expanded to one range per dimension first; dimensions sliced whole are left
 * out of the Slice, so the batch stays symbolic. new_axis_mask is refused.
 */
final class StridedSliceConverter implements OpConverter {
  private static final long TO_END = Long.MAX_VALUE;
  private static final long TO_START = Long.MIN_VALUE;

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    OnnxValue x = context.inLayout(context.value(node, 0), Layout.TF);
    int[] begin = context.constant(node, 1, "begin").requireInts(node.name(), "begin");
    int[] end = context.constant(node, 2, "end").requireInts(node.name(), "end");
    int[] strides = context.constant(node, 3, "strides").requireInts(node.name(), "strides");
    long beginMask = node.integer("begin_mask", 0);
    long endMask = node.integer("end_mask", 0);
    long ellipsisMask = node.integer("ellipsis_mask", 0);
    long newAxisMask = node.integer("new_axis_mask", 0);
    long shrinkMask = node.integer("shrink_axis_mask", 0);
    if (newAxisMask != 0) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "with new_axis_mask " + newAxisMask + "; insert axes with Reshape instead");
    }
    if (Long.bitCount(ellipsisMask) > 1
        || begin.length != end.length
        || begin.length != strides.length) {
      throw new ModelException(
          "node '"
              + node.name()
              + "': malformed StridedSlice spec (begin "
              + begin.length
              + ", end "
              + end.length
              + ", strides "
              + strides.length
              + " entries, ellipsis_mask "
              + ellipsisMask
              + ")");
    }
    int rank = x.rank();
    int specLength = begin.length;
    int covered = specLength - (ellipsisMask != 0 ? 1 : 0);
    if (covered > rank) {
      throw new ModelException(
          "node '"
              + node.name()
              + "': slice spec covers "
              + covered
              + " dimensions of a rank-"
              + rank
              + " input");
    }

    List<Long> axes = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    List<Long> squeeze = new ArrayList<>();
    long[] outDims = x.tfShape().dims().clone();
    int dim = 0;
    for (int i = 0; i < specLength; i++) {
      if ((ellipsisMask & (1L << i)) != 0) {
        dim += rank - covered;
        continue;
      }
      long stride = strides[i];
      if (stride == 0) {
        throw new ModelException(
            "node '" + node.name() + "': StridedSlice stride 0 on dimension " + dim);
      }
      boolean shrink = (shrinkMask & (1L << i)) != 0;
      boolean fromStart = (beginMask & (1L << i)) != 0 && !shrink;
      boolean toEnd = (endMask & (1L << i)) != 0 && !shrink;
      long start = fromStart ? (stride > 0 ? 0 : TO_END) : begin[i];
      long stop =
          shrink
              ? (begin[i] == -1 ? TO_END : begin[i] + 1L)
              : toEnd ? (stride > 0 ? TO_END : TO_START) : end[i];
      if (shrink) {
        stride = 1;
        squeeze.add((long) dim);
      }
      boolean whole = stride == 1 && start == 0 && stop == TO_END;
      if (!whole) {
        axes.add((long) dim);
        starts.add(start);
        ends.add(stop);
        steps.add(stride);
        outDims[dim] = slicedLength(outDims[dim], start, stop, stride);
      }
      dim++;
    }

    OnnxGraphBuilder graph = context.graph();
    String current = x.name();
    if (!axes.isEmpty()) {
      String sliced = squeeze.isEmpty() ? node.name() : graph.freshName(node.name() + "/slice");
      graph.node(
          "Slice",
          List.of(
              current,
              graph.int64Vector(graph.freshName(node.name() + "/starts"), unbox(starts)),
              graph.int64Vector(graph.freshName(node.name() + "/ends"), unbox(ends)),
              graph.int64Vector(graph.freshName(node.name() + "/axes"), unbox(axes)),
              graph.int64Vector(graph.freshName(node.name() + "/steps"), unbox(steps))),
          new OnnxValue(sliced, Layout.TF, new TfShape(outDims)));
      current = sliced;
    }
    TfShape outShape = new TfShape(outDims);
    if (!squeeze.isEmpty()) {
      long[] kept = new long[rank - squeeze.size()];
      for (int d = 0, k = 0; d < rank; d++) {
        if (!squeeze.contains((long) d)) {
          kept[k++] = outDims[d];
        }
      }
      outShape = new TfShape(kept);
      graph.node(
          "Squeeze",
          List.of(
              current,
              graph.int64Vector(graph.freshName(node.name() + "/squeeze_axes"), unbox(squeeze))),
          new OnnxValue(node.name(), Layout.TF, outShape));
      current = node.name();
    } else if (axes.isEmpty()) {
      // The slice takes everything: the output is the input.
      context.define(node.name(), x);
      return;
    }
    context.define(node.name(), new OnnxValue(current, Layout.TF, outShape));
  }

  /** Elements a slice keeps of a dimension of {@code size}, clamped as ONNX Slice clamps. */
  static long slicedLength(long size, long start, long stop, long step) {
    if (size < 0) {
      return TfShape.UNKNOWN;
    }
    long s =
        clamp(
            start < 0 && start != TO_START ? start + size : start,
            step > 0 ? 0 : -1,
            step > 0 ? size : size - 1);
    long e =
        clamp(
            stop < 0 && stop != TO_START ? stop + size : stop,
            step > 0 ? 0 : -1,
            step > 0 ? size : size - 1);
    long n = step > 0 ? (e - s + step - 1) / step : (s - e + (-step) - 1) / (-step);
    return Math.max(n, 0);
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static long[] unbox(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}

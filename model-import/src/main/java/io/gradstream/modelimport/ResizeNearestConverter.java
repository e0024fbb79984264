package io.gradstream.modelimport;

import java.util.List;

/**
 * {@code ResizeNearestNeighbor} (YOLO's FPN upsampling) to ONNX Resize in NCHW, with scales rather
 * than sizes so the batch stays symbolic.
 *
 * <p>Coordinate mapping follows TF.js: with half-pixel centers the source pixel is {@code
 * floor((dst + 0.5) * in / out)}. For a whole-number upscale that equals {@code floor(dst * in /
 * out)}, ONNX's {@code asymmetric} mode, which every execution provider (TensorRT included)
 * supports and whose gradient is a plain sum-pool, so that is emitted then; other ratios use {@code
 * tf_half_pixel_for_nn}. {@code align_corners} rounds, as TF.js does.
 */
final class ResizeNearestConverter implements OpConverter {

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    OnnxValue x = context.inLayout(context.value(node, 0), Layout.NCHW);
    int[] size = context.constant(node, 1, "size").requireInts(node.name(), "size");
    TfShape in = x.tfShape();
    if (size.length != 2 || !in.isStatic(1) || !in.isStatic(2)) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "with size " + java.util.Arrays.toString(size) + " on input " + in);
    }
    boolean alignCorners = node.bool("align_corners", false);
    boolean halfPixel = node.bool("half_pixel_centers", false);
    boolean wholeUpscale = size[0] % in.dim(1) == 0 && size[1] % in.dim(2) == 0;
    String mode;
    String nearest = "floor";
    if (alignCorners) {
      mode = "align_corners";
      nearest = "round_prefer_ceil";
    } else if (halfPixel && !wholeUpscale) {
      mode = "tf_half_pixel_for_nn";
    } else {
      mode = "asymmetric";
    }
    OnnxGraphBuilder graph = context.graph();
    List<String> inputs;
    if (wholeUpscale) {
      float[] scales = {1f, 1f, (float) (size[0] / in.dim(1)), (float) (size[1] / in.dim(2))};
      inputs =
          List.of(
              x.name(),
              "",
              graph.floatInitializer(
                  graph.freshName(node.name() + "/scales"), new long[] {4}, scales));
    } else {
      // Fractional scales can round the output size down (3 * 5/3 = 4.99..); give sizes, with N and
      // C
      // taken from the input at run time so the batch stays symbolic.
      String shape = graph.freshName(node.name() + "/input_shape");
      graph.node("Shape", List.of(x.name()), shape);
      String nc = graph.freshName(node.name() + "/nc");
      graph.node(
          "Slice",
          List.of(
              shape,
              graph.int64Vector(graph.freshName(nc + "/starts"), 0),
              graph.int64Vector(graph.freshName(nc + "/ends"), 2)),
          nc);
      String sizes = graph.freshName(node.name() + "/sizes");
      graph.node(
          "Concat",
          List.of(nc, graph.int64Vector(graph.freshName(node.name() + "/hw"), size[0], size[1])),
          sizes,
          OnnxGraphBuilder.attr("axis", 0L));
      inputs = List.of(x.name(), "", "", sizes);
    }
    OnnxValue out =
        new OnnxValue(node.name(), Layout.NCHW, TfShape.of(in.dim(0), size[0], size[1], in.dim(3)));
    graph.node(
        "Resize",
        inputs,
        out,
        OnnxGraphBuilder.attr("mode", "nearest"),
        OnnxGraphBuilder.attr("coordinate_transformation_mode", mode),
        OnnxGraphBuilder.attr("nearest_mode", nearest));
    context.define(node.name(), out);
  }
}

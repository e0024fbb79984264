package io.gradstream.modelimport;

/**
 * A converted tensor: its ONNX value name, how its memory is laid out, and its shape as TF sees it.
 *
 * @param name the ONNX value name; the TF node name when this is a TF node's output
 * @param layout {@link Layout#NCHW} when a rank-4 TF NHWC tensor is stored channels-first
 * @param tfShape the shape in TF's dimension order
 */
record OnnxValue(String name, Layout layout, TfShape tfShape) {

  /** The shape in ONNX's (stored) dimension order. */
  TfShape onnxShape() {
    return layout == Layout.NCHW ? tfShape.permute(Layout.NHWC_TO_NCHW) : tfShape;
  }

  int rank() {
    return tfShape.rank();
  }
}

package io.gradstream.modelimport;

/**
 * TF's {@code SAME} padding as explicit ONNX pads. TF pads so the output has {@code ceil(in /
 * stride)} positions and puts the odd pixel at the end; ONNX's {@code auto_pad=SAME_UPPER} would do
 * the same at run time, but explicit pads keep each Conv self-describing for the Grad-CAM compiler,
 * which must pad its transposed convolutions identically.
 */
final class SamePadding {
  private SamePadding() {}

  /** {@code {before, after}} for one spatial axis. */
  static long[] of(long in, long kernel, long stride, long dilation) {
    long out = (in + stride - 1) / stride;
    long effectiveKernel = (kernel - 1) * dilation + 1;
    long total = Math.max((out - 1) * stride + effectiveKernel - in, 0);
    return new long[] {total / 2, total - total / 2};
  }

  /** Output size of one spatial axis for TF's {@code SAME} or {@code VALID} padding. */
  static long outputSize(long in, long kernel, long stride, long dilation, boolean same) {
    if (same) {
      return (in + stride - 1) / stride;
    }
    long effectiveKernel = (kernel - 1) * dilation + 1;
    return (in - effectiveKernel) / stride + 1;
  }

  /**
   * ONNX {@code pads} ({@code [top, left, bottom, right]}) for an NHWC input of {@code tfShape}, or
   * all zeros for VALID.
   */
  static long[] onnxPads(
      TfShape tfShape, long[] kernel, long[] strides, long[] dilations, boolean same) {
    if (!same) {
      return new long[] {0, 0, 0, 0};
    }
    long[] h = of(tfShape.dim(1), kernel[0], strides[0], dilations[0]);
    long[] w = of(tfShape.dim(2), kernel[1], strides[1], dilations[1]);
    return new long[] {h[0], w[0], h[1], w[1]};
  }
}

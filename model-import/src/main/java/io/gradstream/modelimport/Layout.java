package io.gradstream.modelimport;

/**
 * How a converted tensor's memory relates to the TF tensor it stands for. TF.js graphs are NHWC;
 * ONNX convolutions and pooling are NCHW. Rather than wrapping every convolution in a pair of
 * transposes, the converter keeps image tensors channels-first between convolutions and transposes
 * only where an op needs TF's own order (Reshape, StridedSlice, ...), which in YOLO graphs happens
 * only in the detection head.
 */
enum Layout {
  /** Same dimension order as in TF. */
  TF,
  /** A rank-4 NHWC TF tensor stored as NCHW. */
  NCHW;

  /** Permutation from a TF NHWC tensor to NCHW, as a Transpose perm. */
  static final int[] NHWC_TO_NCHW = {0, 3, 1, 2};

  /** Permutation from NCHW back to TF's NHWC. */
  static final int[] NCHW_TO_NHWC = {0, 2, 3, 1};

  /** The ONNX axis that TF axis {@code tfAxis} (of a rank-4 tensor) becomes in this layout. */
  int onnxAxis(int tfAxis, int rank) {
    int a = tfAxis < 0 ? tfAxis + rank : tfAxis;
    if (this == TF) {
      return a;
    }
    return switch (a) {
      case 0 -> 0;
      case 1 -> 2;
      case 2 -> 3;
      case 3 -> 1;
      default -> throw new IllegalArgumentException("axis " + tfAxis + " of a rank-4 tensor");
    };
  }
}

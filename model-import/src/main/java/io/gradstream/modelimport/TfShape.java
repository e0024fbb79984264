package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The shape of a tensor as TensorFlow sees it (NHWC for images), tracked while converting because
 * ONNX needs explicit pads, slice bounds and resize scales that TF derives at run time. A dimension
 * is a size, {@link #BATCH} (the symbolic batch {@code N}, so the worker can micro-batch) or {@link
 * #UNKNOWN}.
 */
record TfShape(long[] dims) {
  /** The batch dimension: any size, the same for every tensor of one run. */
  static final long BATCH = -1;

  /** A size the converter cannot tell statically. */
  static final long UNKNOWN = -2;

  static TfShape of(long... dims) {
    return new TfShape(dims.clone());
  }

  static TfShape of(int[] dims) {
    return new TfShape(Arrays.stream(dims).asLongStream().toArray());
  }

  int rank() {
    return dims.length;
  }

  long dim(int axis) {
    return dims[axis < 0 ? axis + dims.length : axis];
  }

  boolean isStatic(int axis) {
    return dim(axis) >= 0;
  }

  /** The product of the static dimensions (symbolic ones count as 1). */
  long staticProduct() {
    return LongStream.of(dims).filter(d -> d >= 0).reduce(1, (a, b) -> a * b);
  }

  boolean hasBatchAtFront() {
    return dims.length > 0 && dims[0] == BATCH;
  }

  TfShape withDim(int axis, long size) {
    long[] d = dims.clone();
    d[axis] = size;
    return new TfShape(d);
  }

  /** This shape's dimensions in the order {@code perm} lists them (what Transpose(perm) gives). */
  TfShape permute(int[] perm) {
    long[] d = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      d[i] = dims[perm[i]];
    }
    return new TfShape(d);
  }

  /** NumPy broadcasting, which TF and ONNX share; a symbolic dimension wins over 1. */
  TfShape broadcast(TfShape other, String node) {
    int rank = Math.max(rank(), other.rank());
    long[] d = new long[rank];
    for (int i = 0; i < rank; i++) {
      long a = i < rank - rank() ? 1 : dims[i - (rank - rank())];
      long b = i < rank - other.rank() ? 1 : other.dims[i - (rank - other.rank())];
      if (a == 1) {
        d[i] = b;
      } else if (b == 1 || a == b) {
        d[i] = a;
      } else if (a < 0 || b < 0) {
        d[i] = a == BATCH || b == BATCH ? BATCH : UNKNOWN;
      } else {
        throw new ModelException(
            "node '" + node + "': shapes " + this + " and " + other + " do not broadcast");
      }
    }
    return new TfShape(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TfShape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return LongStream.of(dims)
        .mapToObj(d -> d == BATCH ? "N" : d == UNKNOWN ? "?" : Long.toString(d))
        .collect(Collectors.joining(",", "[", "]"));
  }
}

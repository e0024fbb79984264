package io.gradstream.explain.graph;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order, the layout ONNX Runtime hands back. Small and
 * plain on purpose: the explainer moves feature maps and gradients between sessions, it does no
 * math here.
 *
 * @param shape the dimensions, outermost first
 * @param data {@code product(shape)} values
 */
public record FloatTensor(long[] shape, float[] data) {
  public FloatTensor {
    long n = elementCount(shape);
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, got " + data.length);
    }
  }

  /** A zero tensor of {@code shape}. */
  public static FloatTensor zeros(long... shape) {
    return new FloatTensor(shape.clone(), new float[Math.toIntExact(elementCount(shape))]);
  }

  /**
   * A tensor over {@code buffer}'s remaining values. A heap buffer spanning exactly those values
   * (what ONNX Runtime's {@code getFloatBuffer()} returns: already a copy) is taken over as it is,
   * which saves copying a few megabytes of activations per frame; any other buffer is copied.
   */
  public static FloatTensor fromBuffer(long[] shape, FloatBuffer buffer) {
    if (buffer.hasArray()
        && buffer.arrayOffset() == 0
        && buffer.position() == 0
        && buffer.remaining() == buffer.array().length) {
      return new FloatTensor(shape, buffer.array());
    }
    float[] data = new float[buffer.remaining()];
    buffer.get(data);
    return new FloatTensor(shape, data);
  }

  /** A deep copy, so perturbing it leaves this tensor alone. */
  public FloatTensor copy() {
    return new FloatTensor(shape.clone(), data.clone());
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The flat (row-major) offset of {@code index}. */
  public int offset(long... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
    }
    long o = 0;
    for (int d = 0; d < shape.length; d++) {
      if (index[d] < 0 || index[d] >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
      }
      o = o * shape[d] + index[d];
    }
    return (int) o;
  }

  public float get(long... index) {
    return data[offset(index)];
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("dynamic dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}

package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.util.Arrays;

/**
 * A constant of the TF graph (a weight, a shape, an axis), decoded from the weight shards. Float
 * constants keep their values in {@link #floats()}, int32 and bool ones in {@link #ints()}. The
 * arrays are shared, not copied: the converter only reads them.
 *
 * @param name the TF node name of the {@code Const}
 * @param type element type after dequantization
 * @param shape TF (row-major) shape; empty for a scalar
 */
record ConstTensor(String name, ElementType type, int[] shape, float[] floats, int[] ints) {

  static ConstTensor ofFloats(String name, int[] shape, float[] values) {
    return new ConstTensor(name, ElementType.FLOAT32, shape, values, null);
  }

  static ConstTensor ofInts(String name, ElementType type, int[] shape, int[] values) {
    return new ConstTensor(name, type, shape, null, values);
  }

  int rank() {
    return shape.length;
  }

  long elementCount() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The int values; the converter uses int constants as attributes (axes, shapes, paddings). */
  int[] requireInts(String node, String role) {
    if (ints == null || type != ElementType.INT32) {
      throw new ModelException(
          "node '"
              + node
              + "': its "
              + role
              + " '"
              + name
              + "' should be an int32 constant, but it is "
              + type.name().toLowerCase(java.util.Locale.ROOT));
    }
    return ints;
  }

  float[] requireFloats(String node, String role) {
    if (floats == null) {
      throw new ModelException(
          "node '"
              + node
              + "': its "
              + role
              + " '"
              + name
              + "' should be a float32 constant, but it is "
              + type.name().toLowerCase(java.util.Locale.ROOT));
    }
    return floats;
  }

  @Override
  public String toString() {
    return name + " " + type + Arrays.toString(shape);
  }
}

package io.gradstream.inference.translate;

import java.util.Arrays;

/**
 * A rank-3 float model output {@code [batch, rows, cols]} copied out of the runtime, row-major.
 *
 * @param data {@code batch * rows * cols} floats
 * @param batch size of the first dimension
 * @param rows size of the second dimension
 * @param cols size of the third dimension
 */
public record OutputTensor(float[] data, int batch, int rows, int cols) {

  public OutputTensor {
    if ((long) batch * rows * cols != data.length) {
      throw new IllegalArgumentException(
          "shape ["
              + batch
              + ", "
              + rows
              + ", "
              + cols
              + "] needs "
              + (long) batch * rows * cols
              + " floats, got "
              + data.length);
    }
  }

  /** Wraps {@code data} with a rank-3 {@code shape} as the runtime reports it. */
  public static OutputTensor of(float[] data, long[] shape) {
    if (shape.length != 3) {
      throw new IllegalArgumentException(
          "expected a rank-3 output, got shape " + Arrays.toString(shape));
    }
    return new OutputTensor(
        data, Math.toIntExact(shape[0]), Math.toIntExact(shape[1]), Math.toIntExact(shape[2]));
  }

  /** The shape as {@code [batch, rows, cols]}. */
  public long[] shape() {
    return new long[] {batch, rows, cols};
  }

  /** Index of element {@code [slot, 0, 0]} in {@link #data()}. */
  public int offset(int slot) {
    return slot * rows * cols;
  }

  /** Element {@code [slot, row, col]}. */
  public float get(int slot, int row, int col) {
    return data[offset(slot) + row * cols + col];
  }
}

package io.gradstream.modelimport;

/**
 * One entry of a TF.js {@code weightsManifest}: which constant the next bytes of the shard stream
 * hold, its shape and how it is stored.
 *
 * @param quantization null when the weight is stored unquantized
 */
record WeightSpec(String name, int[] shape, ElementType dtype, Quantization quantization) {

  /**
   * Elements of the weight; {@link Long#MAX_VALUE} when the shape's product does not fit a long (a
   * damaged manifest).
   */
  long elementCount() {
    long n = 1;
    for (int d : shape) {
      n = multiplySaturated(n, d);
    }
    return n;
  }

  /** Bytes this weight takes in the shard stream; {@link Long#MAX_VALUE} when that overflows. */
  long byteLength() {
    int per = quantization == null ? dtype.bytes() : quantization.bytesPerElement();
    return multiplySaturated(elementCount(), per);
  }

  private static long multiplySaturated(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high == 0 && low >= 0 || high == -1 && low < 0 ? low : Long.MAX_VALUE;
  }
}

package io.gradstream.inference.model;

/**
 * One entry of a TF.js {@code weightsManifest}: which constant the next bytes of the shard stream
 * hold, its shape and how it is stored.
 *
 * @param quantization null when the weight is stored unquantized
 */
record WeightSpec(String name, int[] shape, ElementType dtype, Quantization quantization) {

  long elementCount() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Bytes this weight takes in the shard stream. */
  long byteLength() {
    int per = quantization == null ? dtype.bytes() : quantization.bytesPerElement();
    return elementCount() * per;
  }
}

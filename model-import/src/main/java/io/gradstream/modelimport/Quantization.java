package io.gradstream.modelimport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How a TF.js weight is stored when the converter quantized it: uint8 or uint16 codes mapped
 * linearly back ({@code value = code * scale + min}), or float16 halves. TF.js dequantizes on load;
 * the importer does the same so the ONNX model holds what TF.js computes with.
 *
 * @param dtype the stored type: {@code uint8}, {@code uint16} or {@code float16}
 * @param min offset of the linear mapping (uint8/uint16 only)
 * @param scale step of the linear mapping (uint8/uint16 only)
 */
record Quantization(String dtype, float min, float scale) {

  /** Bytes per stored element; -1 for a dtype TF.js does not write. */
  static int bytesOf(String dtype) {
    return switch (dtype) {
      case "uint8" -> 1;
      case "uint16", "float16" -> 2;
      default -> -1;
    };
  }

  int bytesPerElement() {
    return bytesOf(dtype);
  }

  /**
   * Decodes {@code count} stored elements from {@code in} (little-endian) into float32 or int32
   * values; int32 targets are rounded, as TF.js does.
   */
  ConstTensor dequantize(String name, int[] shape, ElementType target, ByteBuffer in, int count) {
    ByteBuffer buf = in.order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] =
          switch (dtype) {
            case "uint8" -> (buf.get() & 0xff) * scale + min;
            case "uint16" -> (buf.getShort() & 0xffff) * scale + min;
            case "float16" -> Float.float16ToFloat(buf.getShort());
            default -> throw new IllegalStateException("unknown quantization " + dtype);
          };
    }
    if (target == ElementType.FLOAT32) {
      return ConstTensor.ofFloats(name, shape, values);
    }
    int[] ints = new int[count];
    for (int i = 0; i < count; i++) {
      ints[i] = Math.round(values[i]);
    }
    return ConstTensor.ofInts(name, target, shape, ints);
  }
}

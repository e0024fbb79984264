package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Element types a TF.js weight may have after dequantization, with their ONNX counterparts. */
enum ElementType {
  FLOAT32("float32", "DT_FLOAT", 4, DataType.FLOAT),
  INT32("int32", "DT_INT32", 4, DataType.INT32),
  BOOL("bool", "DT_BOOL", 1, DataType.BOOL);

  private final String tfjsName;
  private final String tfName;
  private final int bytes;
  private final DataType onnx;

  ElementType(String tfjsName, String tfName, int bytes, DataType onnx) {
    this.tfjsName = tfjsName;
    this.tfName = tfName;
    this.bytes = bytes;
    this.onnx = onnx;
  }

  /** Bytes per element in an unquantized TF.js weight shard. */
  int bytes() {
    return bytes;
  }

  DataType onnx() {
    return onnx;
  }

  /** The weightsManifest spelling ({@code float32}); null when it is none of these. */
  static ElementType fromTfjs(String name) {
    for (ElementType t : values()) {
      if (t.tfjsName.equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** The GraphDef spelling ({@code DT_FLOAT}); null when it is none of these. */
  static ElementType fromTf(String name) {
    for (ElementType t : values()) {
      if (t.tfName.equals(name)) {
        return t;
      }
    }
    return null;
  }

  static String supportedTfjsNames() {
    return Arrays.stream(values()).map(t -> t.tfjsName).collect(Collectors.joining(", "));
  }
}

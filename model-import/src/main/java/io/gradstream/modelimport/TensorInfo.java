package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model input or output: its name, element type and shape. A dimension is its size, or the name
 * of a symbolic dimension (such as {@code N}, the batch), or {@code ?} when the file says nothing.
 *
 * @param elementType lower-case ONNX type name, e.g. {@code float}
 */
public record TensorInfo(String name, String elementType, List<String> dims) {

  public TensorInfo {
    dims = List.copyOf(dims);
  }

  static TensorInfo of(ValueInfoProto v) {
    var tensor = v.getType().getTensorType();
    TensorProto.DataType type = TensorProto.DataType.forNumber(tensor.getElemType());
    List<String> dims = new ArrayList<>();
    for (TensorShapeProto.Dimension d : tensor.getShape().getDimList()) {
      dims.add(
          d.hasDimValue()
              ? Long.toString(d.getDimValue())
              : d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?");
    }
    return new TensorInfo(
        v.getName(), type == null ? "unknown" : type.name().toLowerCase(Locale.ROOT), dims);
  }

  /** Size of dimension {@code i}, or -1 when it is symbolic or unknown. */
  public long size(int i) {
    try {
      return Long.parseLong(dims.get(i));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public int rank() {
    return dims.size();
  }

  /** The shape as {@code [N,3,640,640]}. */
  public String shape() {
    return "[" + String.join(",", dims) + "]";
  }

  @Override
  public String toString() {
    return name + " " + elementType + shape();
  }
}

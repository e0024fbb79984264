package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accumulates an ONNX graph with {@code ai.onnx.proto.OnnxMl} builders: nodes in execution order,
 * initializers, and a float32 value_info (with the symbolic batch as {@code N}) for every
 * activation, so tools such as the Grad-CAM compiler know every tensor's shape without running
 * shape inference.
 */
final class OnnxGraphBuilder {
  /** The dim_param of the batch dimension. */
  static final String BATCH_PARAM = "N";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> valueNames = new HashSet<>();
  private final Set<String> nodeNames = new HashSet<>();

  /**
   * {@code wanted}, or {@code wanted_2}, {@code wanted_3}... when a value already has that name.
   */
  String freshName(String wanted) {
    String name = wanted;
    for (int i = 2; valueNames.contains(name); i++) {
      name = wanted + "_" + i;
    }
    return name;
  }

  boolean hasValue(String name) {
    return valueNames.contains(name);
  }

  /** Adds a node; its name is the first output's name (unique, so node names are unique too). */
  void node(String opType, List<String> inputs, String output, AttributeProto... attributes) {
    claim(output);
    String nodeName = output;
    for (int i = 2; !nodeNames.add(nodeName); i++) {
      nodeName = output + "_" + i;
    }
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(opType)
            .setName(nodeName)
            .addAllInput(inputs)
            .addOutput(output)
            .addAllAttribute(List.of(attributes)));
  }

  /** Adds a node and records the value_info of its output. */
  void node(String opType, List<String> inputs, OnnxValue output, AttributeProto... attributes) {
    node(opType, inputs, output.name(), attributes);
    graph.addValueInfo(valueInfo(output.name(), output.onnxShape()));
  }

  String floatInitializer(String name, long[] dims, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return initializer(name, dims, TensorProto.DataType.FLOAT, bytes);
  }

  String int64Initializer(String name, long[] dims, long[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return initializer(name, dims, TensorProto.DataType.INT64, bytes);
  }

  /** A 1-D int64 initializer, the form ONNX wants for shapes, pads, axes and slice bounds. */
  String int64Vector(String name, long... values) {
    return int64Initializer(name, new long[] {values.length}, values);
  }

  void input(String name, TfShape shape) {
    claim(name);
    graph.addInput(valueInfo(name, shape));
  }

  void output(String name, TfShape shape) {
    graph.addOutput(valueInfo(name, shape));
  }

  GraphProto build(String name) {
    return graph.setName(name).build();
  }

  static AttributeProto attr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  static AttributeProto attr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  static AttributeProto attr(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static ValueInfoProto valueInfo(String name, TfShape shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (long d : shape.dims()) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d == TfShape.BATCH) {
        dim.setDimParam(BATCH_PARAM);
      } else if (d >= 0) {
        dim.setDimValue(d);
      }
      dims.addDim(dim);
    }
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT.getNumber())
                    .setShape(dims))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private String initializer(
      String name, long[] dims, TensorProto.DataType type, ByteBuffer littleEndian) {
    claim(name);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(type.getNumber())
            .setRawData(ByteString.copyFrom(littleEndian.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  private void claim(String name) {
    if (!valueNames.add(name)) {
      throw new IllegalStateException("ONNX value name used twice: " + name);
    }
  }
}

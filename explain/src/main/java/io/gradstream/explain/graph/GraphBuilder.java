package io.gradstream.explain.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
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
 * Appends nodes, initializers, inputs and outputs to an ONNX graph with the {@code ai.onnx.proto}
 * builders, handing out unique value names. Starts empty or from an existing graph (the backward
 * compiler appends the gradient nodes after the forward ones). A dimension of -1 in a declared
 * shape is written as the symbolic batch {@code N}.
 */
public final class GraphBuilder {
  /** The opset the explainer emits: the importer's, and one every ONNX Runtime since 1.6 runs. */
  public static final int OPSET = 13;

  private final GraphProto.Builder graph;
  private final Set<String> names = new HashSet<>();
  private int counter;

  /** An empty graph. */
  public GraphBuilder(String name) {
    this(GraphProto.newBuilder().setName(name).build());
  }

  /** A copy of {@code start} to append to; its value names are taken. */
  public GraphBuilder(GraphProto start) {
    graph = start.toBuilder();
    start.getInputList().forEach(v -> names.add(v.getName()));
    start.getInitializerList().forEach(t -> names.add(t.getName()));
    start
        .getNodeList()
        .forEach(
            n -> {
              names.addAll(n.getOutputList());
              names.add(n.getName());
            });
  }

  /** {@code prefix}, made unique by a counter suffix. */
  public String fresh(String prefix) {
    String name;
    do {
      name = prefix + "_" + counter++;
    } while (names.contains(name));
    names.add(name);
    return name;
  }

  /** Adds a node with one output named fresh from {@code prefix}; returns the output name. */
  public String op(
      String opType, String prefix, List<String> inputs, AttributeProto... attributes) {
    String out = fresh(prefix);
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(opType)
            .setName(out)
            .addAllInput(inputs)
            .addOutput(out)
            .addAllAttribute(List.of(attributes)));
    return out;
  }

  /** Adds a node whose single output is named exactly {@code output}; returns it. */
  public String opNamed(
      String opType, String output, List<String> inputs, AttributeProto... attributes) {
    if (!names.add(output)) {
      throw new OnnxGraphException("value name used twice: " + output);
    }
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(opType)
            .setName(output)
            .addAllInput(inputs)
            .addOutput(output)
            .addAllAttribute(List.of(attributes)));
    return output;
  }

  /** Appends an existing node as it is (its outputs' names are taken). */
  public GraphBuilder addNode(NodeProto node) {
    names.addAll(node.getOutputList());
    graph.addNode(node);
    return this;
  }

  /** A float32 initializer. */
  public String floats(String prefix, long[] dims, float... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return initializer(prefix, dims, TensorProto.DataType.FLOAT, bytes);
  }

  /** A float32 scalar initializer. */
  public String scalar(String prefix, float value) {
    return floats(prefix, new long[0], value);
  }

  /** A 1-D int64 initializer: the form ONNX wants for shapes, pads, axes and slice bounds. */
  public String int64s(String prefix, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return initializer(prefix, new long[] {values.length}, TensorProto.DataType.INT64, bytes);
  }

  /** A 0-D int64 initializer: the form Range and Pad's constant value want. */
  public String int64Scalar(String prefix, long value) {
    ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(value);
    return initializer(prefix, new long[0], TensorProto.DataType.INT64, bytes);
  }

  /** Declares a float32 graph input. */
  public GraphBuilder input(String name, long... shape) {
    if (!names.add(name)) {
      throw new OnnxGraphException("value name used twice: " + name);
    }
    graph.addInput(floatInfo(name, shape));
    return this;
  }

  /** Declares a float32 graph output; {@code shape} may be null for an unknown shape. */
  public GraphBuilder output(String name, long... shape) {
    graph.addOutput(floatInfo(name, shape));
    return this;
  }

  /** Removes every declared graph output (the backward graph replaces the forward's). */
  public GraphBuilder clearOutputs() {
    graph.clearOutput();
    return this;
  }

  public GraphProto build() {
    return graph.build();
  }

  /** A model around the graph, importing opset {@value #OPSET}. */
  public ModelProto model() {
    return model(build());
  }

  /** A model around {@code graph}, importing opset {@value #OPSET}, IR version 7. */
  public static ModelProto model(GraphProto graph) {
    return ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName("gradstream-explain")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build();
  }

  public static AttributeProto attr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  public static AttributeProto attr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  public static AttributeProto attr(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  public static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  /**
   * A float32 value info; -1 dimensions become the symbolic batch {@code N}, a null shape means
   * unknown.
   */
  public static ValueInfoProto floatInfo(String name, long[] shape) {
    TypeProto.Tensor.Builder tensor =
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber());
    if (shape != null) {
      TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
      for (long d : shape) {
        dims.addDim(
            d < 0
                ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
      }
      tensor.setShape(dims);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }

  private String initializer(
      String prefix, long[] dims, TensorProto.DataType type, ByteBuffer littleEndian) {
    String name = fresh(prefix);
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
}

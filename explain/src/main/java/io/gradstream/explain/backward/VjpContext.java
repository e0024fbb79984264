package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.GraphIndex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link VjpRule} needs while the backward graph is emitted: the builder to append nodes to,
 * the forward graph's static shapes (probed with the symbolic batch set to 2, so a batch axis is
 * never mistaken for a broadcast axis of size 1), and which values lie on the path from the target
 * activation to the score (only those need gradients).
 */
public final class VjpContext {
  private final GraphBuilder graph;
  private final GraphIndex forward;
  private final Map<String, long[]> shapes;
  private final Set<String> onPath;
  private final Map<String, String> gradients;
  private final long opset;

  /**
   * @param gradients ∂L/∂value of each forward value whose readers are all differentiated, filled
   *     by the compiler as it goes
   * @param opset the forward model's version of the default ONNX domain
   */
  VjpContext(
      GraphBuilder graph,
      GraphIndex forward,
      Map<String, long[]> shapes,
      Set<String> onPath,
      Map<String, String> gradients,
      long opset) {
    this.graph = graph;
    this.forward = forward;
    this.shapes = shapes;
    this.onPath = onPath;
    this.gradients = gradients;
    this.opset = opset;
  }

  /**
   * The value holding ∂L/∂{@code output} for an output of the node being differentiated, or null
   * when nothing on the path reads it: how a rule of an op with several outputs (Split) gets the
   * gradients of the others.
   */
  public String gradient(String output) {
    return gradients.get(output);
  }

  /** The forward model's opset of the default domain: some ops changed meaning across versions. */
  public long opset() {
    return opset;
  }

  /** The builder the backward nodes go into. */
  public GraphBuilder graph() {
    return graph;
  }

  /** The forward node that computes {@code value}; empty for inputs and initializers. */
  java.util.Optional<NodeProto> producer(String value) {
    return forward.producer(value);
  }

  /** True when {@code value} depends on the target activation, so its gradient is wanted. */
  public boolean needsGrad(String value) {
    return onPath.contains(value);
  }

  /** The static shape of a forward value (batch probed as 2). */
  public long[] shape(String value) {
    long[] s = shapes.get(value);
    if (s == null) {
      var init = forward.initializer(value);
      if (init.isPresent()) {
        return init.get().getDimsList().stream().mapToLong(Long::longValue).toArray();
      }
      throw new IllegalStateException("no static shape for '" + value + "'");
    }
    return s;
  }

  /**
   * The int64 values of a constant input (an initializer), e.g. slice bounds; null when not
   * constant.
   */
  public long[] constantInts(String value) {
    TensorProto t = forward.initializer(value).orElse(null);
    if (t == null) {
      return null;
    }
    if (t.getDataType() != TensorProto.DataType.INT64.getNumber()
        && t.getDataType() != TensorProto.DataType.INT32.getNumber()) {
      return null;
    }
    boolean i64 = t.getDataType() == TensorProto.DataType.INT64.getNumber();
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long[] out = new long[b.remaining() / (i64 ? 8 : 4)];
      for (int i = 0; i < out.length; i++) {
        out[i] = i64 ? b.getLong() : b.getInt();
      }
      return out;
    }
    return i64
        ? t.getInt64DataList().stream().mapToLong(Long::longValue).toArray()
        : t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
  }

  /** Appends a node; returns its output. */
  public String op(String opType, List<String> inputs, AttributeProto... attributes) {
    return graph.op(opType, "grad/" + opType, inputs, attributes);
  }

  /**
   * Sums {@code grad} (shaped like {@code outValue}) down to the shape of {@code target}: the
   * inverse of numpy broadcasting, needed by every broadcasting op (Mul by a per-channel scale, Add
   * of a grid).
   */
  public String unbroadcast(String grad, String outValue, String target) {
    long[] out = shape(outValue);
    long[] in = shape(target);
    if (Arrays.equals(out, in)) {
      return grad;
    }
    List<Long> axes = new ArrayList<>();
    int lead = out.length - in.length;
    for (int d = 0; d < out.length; d++) {
      if (d < lead || (in[d - lead] == 1 && out[d] != 1)) {
        axes.add((long) d);
      }
    }
    String reduced =
        axes.isEmpty()
            ? grad
            : op(
                "ReduceSum",
                List.of(
                    grad, graph.int64s("axes", axes.stream().mapToLong(Long::longValue).toArray())),
                attr("keepdims", 1L));
    return lead == 0 ? reduced : op("Reshape", List.of(reduced, op("Shape", List.of(target))));
  }

  /** An int attribute of {@code node}, or {@code fallback}. */
  public static long intAttr(NodeProto node, String name, long fallback) {
    return node.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .mapToLong(AttributeProto::getI)
        .findFirst()
        .orElse(fallback);
  }

  /** An ints attribute of {@code node}, or null. */
  public static long[] intsAttr(NodeProto node, String name) {
    return node.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .findFirst()
        .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray())
        .orElse(null);
  }

  /** A string attribute of {@code node}, or {@code fallback}. */
  public static String stringAttr(NodeProto node, String name, String fallback) {
    return node.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .findFirst()
        .map(a -> a.getS().toStringUtf8())
        .orElse(fallback);
  }

  static String nodeName(NodeProto node) {
    return node.getName().isEmpty() ? node.getOutput(0) : node.getName();
  }
}

package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.GraphIndex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same forward graph in float64, run by ONNX Runtime: the finite-difference reference. In float32
 * the rounding noise of one forward run (about 1e-7 of the score) divided by the step swamps the small
 * gradient elements; in float64 it is about 1e-16, so a small step (little truncation error) and a
 * per-element relative-error bound are both possible.
 *
 * <p>ONNX Runtime's CPU Conv has no double kernel, so a 1x1, stride-1, unpadded, ungrouped Conv (the
 * YOLO detection head's) is lowered to the equivalent MatMul, which has one; any other Conv is
 * refused. Every other op of the head runs in double as it is.
 */
final class Float64Reference implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  Float64Reference(ModelProto floatModel) throws OrtException {
    session = env.createSession(convert(floatModel).toByteArray());
  }

  /** The sum of output {@code objective}, in double, for float inputs widened to double (except {@code wrt}, given as double). */
  double sum(Map<String, FloatTensor> inputs, String wrt, double[] wrtValue, String objective) throws OrtException {
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        double[] d = e.getKey().equals(wrt) ? wrtValue : widen(e.getValue().data());
        feed.put(e.getKey(), OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), e.getValue().shape()));
      }
      try (OrtSession.Result r = session.run(feed, Set.of(objective))) {
        DoubleBuffer b = ((OnnxTensor) r.get(0)).getDoubleBuffer();
        double s = 0;
        while (b.hasRemaining()) {
          s += b.get();
        }
        return s;
      }
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static ModelProto convert(ModelProto model) {
    GraphProto in = model.getGraph();
    GraphIndex index = new GraphIndex(in);
    GraphProto.Builder g = in.toBuilder().clearValueInfo().clearInitializer().clearNode().clearInput().clearOutput();
    in.getInputList().forEach(v -> g.addInput(asDouble(v)));
    in.getOutputList().forEach(v -> g.addOutput(ValueInfoProto.newBuilder().setName(v.getName())
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.DOUBLE.getNumber())))));
    for (TensorProto t : in.getInitializerList()) {
      g.addInitializer(t.getDataType() == TensorProto.DataType.FLOAT.getNumber() ? toDouble(t) : t);
    }
    GraphBuilder b = new GraphBuilder(g.build());
    for (NodeProto n : in.getNodeList()) {
      if (n.getOpType().equals("Conv")) {
        lowerPointwiseConv(n, index, b);
      } else {
        b.addNode(n);
      }
    }
    return model.toBuilder().setGraph(b.build()).build();
  }

  /** y = Reshape(W[K,C] · Reshape(x, [N, C, H·W]) + b[K,1], [N, K, H, W]). */
  private static void lowerPointwiseConv(NodeProto n, GraphIndex index, GraphBuilder b) {
    long[] k = VjpContext.intsAttr(n, "kernel_shape");
    long[] pads = VjpContext.intsAttr(n, "pads");
    long[] strides = VjpContext.intsAttr(n, "strides");
    TensorProto w = index.initializer(n.getInput(1)).orElseThrow();
    boolean pointwise = w.getDims(2) == 1 && w.getDims(3) == 1 && (k == null || (k[0] == 1 && k[1] == 1))
        && (pads == null || java.util.Arrays.stream(pads).allMatch(p -> p == 0)) && (strides == null || java.util.Arrays.stream(strides).allMatch(s -> s == 1))
        && VjpContext.intAttr(n, "group", 1) == 1;
    if (!pointwise) {
      throw new IllegalArgumentException("the float64 reference lowers only 1x1 Convs; '" + n.getName() + "' is not one");
    }
    long kOut = w.getDims(0);
    long c = w.getDims(1);
    String w2 = b.op("Reshape", "f64/w", List.of(n.getInput(1), b.int64s("s", kOut, c)));
    String x = b.op("Reshape", "f64/x", List.of(n.getInput(0), b.int64s("s", 0, c, -1)));
    String y = b.op("MatMul", "f64/mm", List.of(w2, x));
    if (n.getInputCount() > 2) {
      y = b.op("Add", "f64/bias", List.of(y, b.op("Reshape", "f64/b", List.of(n.getInput(2), b.int64s("s", kOut, 1)))));
    }
    String shape = b.op("Shape", "f64/shape", List.of(n.getInput(0)));
    String outShape = b.op("Concat", "f64/outshape", List.of(
        b.op("Slice", "f64/n", List.of(shape, b.int64s("s", 0), b.int64s("e", 1))), b.int64s("k", kOut),
        b.op("Slice", "f64/hw", List.of(shape, b.int64s("s", 2), b.int64s("e", 4)))), GraphBuilder.attr("axis", 0L));
    b.opNamed("Reshape", n.getOutput(0), List.of(y, outShape));
  }

  private static ValueInfoProto asDouble(ValueInfoProto v) {
    ValueInfoProto.Builder b = v.toBuilder();
    b.getTypeBuilder().getTensorTypeBuilder().setElemType(TensorProto.DataType.DOUBLE.getNumber());
    return b.build();
  }

  private static TensorProto toDouble(TensorProto t) {
    float[] f;
    if (!t.getRawData().isEmpty()) {
      FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      f = new float[fb.remaining()];
      fb.get(f);
    } else {
      f = new float[t.getFloatDataCount()];
      for (int i = 0; i < f.length; i++) {
        f[i] = t.getFloatData(i);
      }
    }
    ByteBuffer bytes = ByteBuffer.allocate(f.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : f) {
      bytes.putDouble(v);
    }
    return t.toBuilder().clearFloatData().setDataType(TensorProto.DataType.DOUBLE.getNumber()).setRawData(ByteString.copyFrom(bytes.array())).build();
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}

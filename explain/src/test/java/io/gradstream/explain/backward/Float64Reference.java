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
 * The same forward graph in float64, run by ONNX Runtime: the finite-difference reference. In
 * float32 the rounding noise of one forward run (about 1e-7 of the score) divided by the step
 * swamps the small gradient elements; in float64 it is about 1e-16, so a small step (little
 * truncation error) and a per-element relative-error bound are both possible.
 *
 * <p>ONNX Runtime's CPU Conv has no double kernel, so a stride-1, ungrouped Conv (the YOLO
 * detection head's 1x1, a C3 block's 3x3) is lowered to the equivalent sum of MatMuls, which have
 * one; any other Conv is refused. Every other op runs in double as it is.
 */
final class Float64Reference implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  Float64Reference(ModelProto floatModel) throws OrtException {
    // No graph optimisation: ONNX Runtime fuses x·sigmoid(x) (the SiLUs of a C3 block) into
    // QuickGelu,
    // which has a float kernel only.
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      session = env.createSession(convert(floatModel).toByteArray(), options);
    }
  }

  /**
   * The central difference of {@link #sum} along element {@code e} of {@code wrt}: (f(x + step) -
   * f(x - step)) / 2·step, {@code x[e]} restored afterwards.
   */
  double centralDifference(
      Map<String, FloatTensor> inputs, String wrt, double[] x, int e, double step, String objective)
      throws OrtException {
    double x0 = x[e];
    try {
      x[e] = x0 + step;
      double plus = sum(inputs, wrt, x, objective);
      x[e] = x0 - step;
      double minus = sum(inputs, wrt, x, objective);
      return (plus - minus) / (2 * step);
    } finally {
      x[e] = x0;
    }
  }

  /**
   * The sum of output {@code objective}, in double, for float inputs widened to double (except
   * {@code wrt}, given as double).
   */
  double sum(Map<String, FloatTensor> inputs, String wrt, double[] wrtValue, String objective)
      throws OrtException {
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        double[] d = e.getKey().equals(wrt) ? wrtValue : widen(e.getValue().data());
        feed.put(
            e.getKey(), OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), e.getValue().shape()));
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
    GraphProto.Builder g =
        in.toBuilder().clearValueInfo().clearInitializer().clearNode().clearInput().clearOutput();
    in.getInputList().forEach(v -> g.addInput(asDouble(v)));
    in.getOutputList()
        .forEach(
            v ->
                g.addOutput(
                    ValueInfoProto.newBuilder()
                        .setName(v.getName())
                        .setType(
                            TypeProto.newBuilder()
                                .setTensorType(
                                    TypeProto.Tensor.newBuilder()
                                        .setElemType(TensorProto.DataType.DOUBLE.getNumber())))));
    for (TensorProto t : in.getInitializerList()) {
      g.addInitializer(t.getDataType() == TensorProto.DataType.FLOAT.getNumber() ? toDouble(t) : t);
    }
    GraphBuilder b = new GraphBuilder(g.build());
    for (NodeProto n : in.getNodeList()) {
      if (n.getOpType().equals("Conv")) {
        lowerConv(n, index, b);
      } else {
        b.addNode(n);
      }
    }
    return model.toBuilder().setGraph(b.build()).build();
  }

  /**
   * A stride-1, ungrouped, undilated k×k Conv as the sum over kernel offsets of 1×1 convolutions of
   * the zero-padded input shifted by the offset, each a MatMul: y = Σ_(i,j) W[:, :, i, j] ·
   * shift_(i,j)(x) + b.
   */
  private static void lowerConv(NodeProto n, GraphIndex index, GraphBuilder b) {
    long[] pads = VjpContext.intsAttr(n, "pads");
    long[] strides = VjpContext.intsAttr(n, "strides");
    long[] dilations = VjpContext.intsAttr(n, "dilations");
    TensorProto w = index.initializer(n.getInput(1)).orElseThrow();
    long kh = w.getDims(2);
    long kw = w.getDims(3);
    boolean supported =
        (strides == null || java.util.Arrays.stream(strides).allMatch(s -> s == 1))
            && (dilations == null || java.util.Arrays.stream(dilations).allMatch(d -> d == 1))
            && VjpContext.intAttr(n, "group", 1) == 1
            && VjpContext.stringAttr(n, "auto_pad", "NOTSET").equals("NOTSET");
    if (!supported) {
      throw new IllegalArgumentException(
          "the float64 reference lowers only stride-1, ungrouped, undilated Convs; '"
              + n.getName()
              + "' is not one");
    }
    long kOut = w.getDims(0);
    long c = w.getDims(1);
    String x = n.getInput(0);
    if (pads != null && java.util.Arrays.stream(pads).anyMatch(p -> p != 0)) {
      x =
          b.op(
              "Pad",
              "f64/pad",
              List.of(x, b.int64s("p", 0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3])));
    }
    String sum = null;
    String shifted = null;
    for (long i = 0; i < kh; i++) {
      for (long j = 0; j < kw; j++) {
        String wk =
            b.op(
                "Reshape",
                "f64/w",
                List.of(
                    b.op(
                        "Slice",
                        "f64/wk",
                        List.of(
                            n.getInput(1),
                            b.int64s("s", i, j),
                            b.int64s("e", i + 1, j + 1),
                            b.int64s("a", 2, 3))),
                    b.int64s("s", kOut, c)));
        // Offset (i, j) of the padded input, cut to the output's size: rows i .. end - (kh - 1 -
        // i).
        shifted =
            b.op(
                "Slice",
                "f64/shift",
                List.of(
                    x,
                    b.int64s("s", i, j),
                    b.int64s("e", end(kh, i), end(kw, j)),
                    b.int64s("a", 2, 3)));
        String term =
            b.op(
                "MatMul",
                "f64/mm",
                List.of(wk, b.op("Reshape", "f64/x", List.of(shifted, b.int64s("s", 0, c, -1)))));
        sum = sum == null ? term : b.op("Add", "f64/sum", List.of(sum, term));
      }
    }
    String y = sum;
    if (n.getInputCount() > 2) {
      y =
          b.op(
              "Add",
              "f64/bias",
              List.of(y, b.op("Reshape", "f64/b", List.of(n.getInput(2), b.int64s("s", kOut, 1)))));
    }
    String shape = b.op("Shape", "f64/shape", List.of(shifted));
    String outShape =
        b.op(
            "Concat",
            "f64/outshape",
            List.of(
                b.op("Slice", "f64/n", List.of(shape, b.int64s("s", 0), b.int64s("e", 1))),
                b.int64s("k", kOut),
                b.op("Slice", "f64/hw", List.of(shape, b.int64s("s", 2), b.int64s("e", 4)))),
            GraphBuilder.attr("axis", 0L));
    b.opNamed("Reshape", n.getOutput(0), List.of(y, outShape));
  }

  /**
   * The Slice end of kernel offset {@code i} of {@code k}: the last k − 1 − i rows are left out.
   */
  private static long end(long k, long i) {
    return i == k - 1 ? Long.MAX_VALUE : -(k - 1 - i);
  }

  private static ValueInfoProto asDouble(ValueInfoProto v) {
    ValueInfoProto.Builder b = v.toBuilder();
    b.getTypeBuilder().getTensorTypeBuilder().setElemType(TensorProto.DataType.DOUBLE.getNumber());
    return b.build();
  }

  private static TensorProto toDouble(TensorProto t) {
    float[] f;
    if (!t.getRawData().isEmpty()) {
      FloatBuffer fb =
          t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
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
    return t.toBuilder()
        .clearFloatData()
        .setDataType(TensorProto.DataType.DOUBLE.getNumber())
        .setRawData(ByteString.copyFrom(bytes.array()))
        .build();
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}

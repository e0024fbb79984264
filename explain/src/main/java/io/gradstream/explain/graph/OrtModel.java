package io.gradstream.explain.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX Runtime session over an in-memory {@link ModelProto} with float32 inputs and outputs: how
 * the explainer runs the graphs it builds (cut heads, backward graphs) without touching the disk.
 * Thread-safe like {@link OrtSession#run}; close it to free the native session.
 */
public final class OrtModel implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  /** A CPU session with {@link #quietOptions(int)} on ONNX Runtime's default thread count. */
  public OrtModel(ModelProto model) {
    this(model, null);
  }

  /**
   * A session with {@code options} (execution providers, threads); null for {@link
   * #quietOptions(int)}.
   */
  public OrtModel(ModelProto model, OrtSession.SessionOptions options) {
    try {
      if (options == null) {
        try (OrtSession.SessionOptions quiet = quietOptions(0)) {
          session = env.createSession(model.toByteArray(), quiet);
        }
      } else {
        session = env.createSession(model.toByteArray(), options);
      }
    } catch (OrtException e) {
      throw new OnnxGraphException(
          "ONNX Runtime rejected graph '" + model.getGraph().getName() + "': " + e.getMessage(), e);
    }
  }

  /** Runs the graph and returns {@code outputs} by name (all the graph's outputs when empty). */
  public Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, List<String> outputs) {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        feed.put(
            e.getKey(),
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(e.getValue().data()), e.getValue().shape()));
      }
      var wanted =
          outputs.isEmpty() ? session.getOutputNames() : new java.util.LinkedHashSet<>(outputs);
      try (OrtSession.Result result = session.run(feed, wanted)) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (var e : result) {
          OnnxTensor t = (OnnxTensor) e.getValue();
          out.put(e.getKey(), FloatTensor.fromBuffer(t.getInfo().getShape(), t.getFloatBuffer()));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new OnnxGraphException("running the graph failed: " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /** The shapes of {@code outputs} for {@code inputs}, whatever their element type. */
  public Map<String, long[]> shapes(Map<String, FloatTensor> inputs, List<String> outputs) {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        feed.put(
            e.getKey(),
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(e.getValue().data()), e.getValue().shape()));
      }
      try (OrtSession.Result result = session.run(feed, new java.util.LinkedHashSet<>(outputs))) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (var e : result) {
          out.put(e.getKey(), ((OnnxTensor) e.getValue()).getInfo().getShape());
        }
        return out;
      }
    } catch (OrtException e) {
      throw new OnnxGraphException("running the graph failed: " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * CPU options whose threads sleep as soon as a run ends instead of spinning for the next one: on
   * a small machine, spinning threads of one session steal the cores from the next session and from
   * the Java work between runs (measured: ~30 ms on a 120 ms forward, two cores).
   *
   * @param intraOpThreads threads inside one run, 0 for ONNX Runtime's default (one per core)
   */
  public static OrtSession.SessionOptions quietOptions(int intraOpThreads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      return options;
    } catch (OrtException e) {
      options.close();
      throw e;
    }
  }

  /** The graph's input names, in order. */
  public List<String> inputNames() {
    return List.copyOf(session.getInputNames());
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new OnnxGraphException("closing the session failed: " + e.getMessage(), e);
    }
  }
}

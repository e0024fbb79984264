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

  /** A CPU session with default options. */
  public OrtModel(ModelProto model) {
    this(model, null);
  }

  /** A session with {@code options} (execution providers, threads); null for defaults. */
  public OrtModel(ModelProto model, OrtSession.SessionOptions options) {
    try {
      session = options == null ? env.createSession(model.toByteArray()) : env.createSession(model.toByteArray(), options);
    } catch (OrtException e) {
      throw new OnnxGraphException("ONNX Runtime rejected graph '" + model.getGraph().getName() + "': " + e.getMessage(), e);
    }
  }

  /** Runs the graph and returns {@code outputs} by name (all the graph's outputs when empty). */
  public Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, List<String> outputs) {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        feed.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()), e.getValue().shape()));
      }
      var wanted = outputs.isEmpty() ? session.getOutputNames() : new java.util.LinkedHashSet<>(outputs);
      try (OrtSession.Result result = session.run(feed, wanted)) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (var e : result) {
          OnnxTensor t = (OnnxTensor) e.getValue();
          FloatBuffer b = t.getFloatBuffer();
          float[] data = new float[b.remaining()];
          b.get(data);
          out.put(e.getKey(), new FloatTensor(t.getInfo().getShape(), data));
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
        feed.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()), e.getValue().shape()));
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

  /** The graph's input names, in order.*/
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

package io.gradstream.modelimport;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs an ONNX model's single input and output through ONNX Runtime, for the tests. */
final class OrtRun {
  private OrtRun() {}

  /** The output of the model's first output, with its shape. */
  record Result(float[] values, long[] shape) {}

  static Result run(Path model, String input, float[] values, long... shape) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toString(), options);
        OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      FloatBuffer buf = out.getFloatBuffer();
      float[] data = new float[buf.remaining()];
      buf.get(data);
      return new Result(data, out.getInfo().getShape());
    }
  }

  /** Median wall time of {@code runs} runs on one warmed-up session, in milliseconds. */
  static double medianMillis(Path model, String input, float[] values, int runs, long... shape)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toString(), options);
        OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape)) {
      session.run(Map.of(input, tensor)).close();
      double[] millis = new double[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        session.run(Map.of(input, tensor)).close();
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
      java.util.Arrays.sort(millis);
      return millis[runs / 2];
    }
  }

  /** NHWC images (each h*w*c) stacked into one NCHW batch. */
  static float[] nchwBatch(int h, int w, int c, float[]... images) {
    float[] out = new float[images.length * c * h * w];
    for (int b = 0; b < images.length; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            out[((b * c + ch) * h + y) * w + x] = images[b][(y * w + x) * c + ch];
          }
        }
      }
    }
    return out;
  }
}

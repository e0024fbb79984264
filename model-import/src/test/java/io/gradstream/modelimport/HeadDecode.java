package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An independent check of a YOLOv5 detect head's constants: runs the model with its head
 * convolutions' raw outputs exposed and decodes them with the textbook YOLOv5 formulas, written
 * here from the paper's definitions rather than from the graph, for comparison with the model's own
 * output: {@code cx = (2 sigmoid(tx) - 0.5 + x) * stride / W}, {@code w = (2 sigmoid(tw))^2 *
 * anchor_w / W} (normalised boxes), every other channel {@code sigmoid}. Rows are ordered level,
 * anchor, y, x, as the TF export concatenates them.
 */
final class HeadDecode {
  private HeadDecode() {}

  /** Model output and the textbook decode of the same run, both [rows * no]. */
  record Decoded(float[] model, float[] textbook, int rows) {
    /** The largest absolute difference. */
    float maxDifference() {
      float max = 0;
      for (int i = 0; i < model.length; i++) {
        max = Math.max(max, Math.abs(model[i] - textbook[i]));
      }
      return max;
    }
  }

  /**
   * Runs {@code onnx} (square input {@code size}) on {@code nchw} (one image) and decodes its head
   * with {@code strides} and {@code anchorsPx} ({@code [level][anchor*2]}, width then height).
   */
  static Decoded run(Path onnx, int size, float[] nchw, int[] strides, float[][] anchorsPx, int no)
      throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));
    List<String> heads =
        List.of(
            model.getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals(TfjsToOnnxConverter.META_HEAD_OUTPUTS))
                .findFirst()
                .orElseThrow()
                .getValue()
                .split(","));
    var graph = model.getGraph().toBuilder();
    for (String h : heads) {
      ValueInfoProto info =
          model.getGraph().getValueInfoList().stream()
              .filter(v -> v.getName().equals(h))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no value info for head output " + h));
      graph.addOutput(info);
    }
    byte[] exposed = model.toBuilder().setGraph(graph).build().toByteArray();

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(exposed, options);
        OnnxTensor in =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), new long[] {1, 3, size, size});
        OrtSession.Result result = session.run(Map.of("images", in))) {
      float[] out = floats((OnnxTensor) result.get("output0").orElseThrow());
      List<float[]> textbook = new ArrayList<>();
      for (int level = 0; level < heads.size(); level++) {
        OnnxTensor raw = (OnnxTensor) result.get(heads.get(level)).orElseThrow();
        textbook.add(
            decodeLevel(
                floats(raw), raw.getInfo().getShape(), strides[level], anchorsPx[level], size, no));
      }
      float[] all = new float[out.length];
      int at = 0;
      for (float[] t : textbook) {
        System.arraycopy(t, 0, all, at, Math.min(t.length, all.length - at));
        at += t.length;
      }
      if (at != out.length) {
        throw new AssertionError(
            "the head decodes to " + at / no + " rows, the model outputs " + out.length / no);
      }
      return new Decoded(out, all, out.length / no);
    }
  }

  private static float[] decodeLevel(
      float[] raw, long[] shape, int stride, float[] anchors, int size, int no) {
    int na = anchors.length / 2;
    // The head convolutions run in NCHW: [1, na*no, ny, nx].
    if (shape.length != 4 || shape[1] != (long) na * no) {
      throw new AssertionError("unexpected head output shape " + java.util.Arrays.toString(shape));
    }
    int ny = (int) shape[2];
    int nx = (int) shape[3];
    if (ny * stride != size || nx * stride != size) {
      throw new AssertionError(
          "a " + ny + "x" + nx + " map is not stride " + stride + " of " + size);
    }
    float[] out = new float[na * ny * nx * no];
    for (int a = 0; a < na; a++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          int row = (a * ny + y) * nx + x;
          for (int k = 0; k < no; k++) {
            double s = sigmoid(raw[((a * no + k) * ny + y) * nx + x]);
            double v =
                switch (k) {
                  case 0 -> (2 * s - 0.5 + x) * stride / size;
                  case 1 -> (2 * s - 0.5 + y) * stride / size;
                  case 2 -> 4 * s * s * anchors[2 * a] / size;
                  case 3 -> 4 * s * s * anchors[2 * a + 1] / size;
                  default -> s;
                };
            out[row * no + k] = (float) v;
          }
        }
      }
    }
    return out;
  }

  private static double sigmoid(float v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static float[] floats(OnnxTensor t) throws OrtException {
    FloatBuffer b = t.getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }
}

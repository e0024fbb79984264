package io.gradstream.inference.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.gradstream.inference.detect.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The input and output a YOLO detector is driven through, read from the session: one float image
 * input {@code [N, 3, H, W]} (N, H, W fixed or symbolic) and the first rank-3 float output (exports
 * that add the raw per-scale heads as extra outputs keep the decoded one first).
 *
 * @param inputName name of the image input
 * @param batchDim the input's batch dimension, negative when symbolic
 * @param inputSize the input's fixed square side, or 0 when H and W are symbolic
 * @param outputName name of the detections output
 */
public record ModelSignature(String inputName, long batchDim, int inputSize, String outputName) {

  /** Reads the signature of {@code session}, loaded from {@code model}. */
  static ModelSignature read(OrtSession session, Path model) {
    try {
      Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
      long[] in = tensorShape(input.getValue(), model, "input");
      if (in.length != 4 || (in[1] > 0 && in[1] != 3)) {
        throw new ModelLoadException(
            "model "
                + model
                + " takes input '"
                + input.getKey()
                + "' of shape "
                + Arrays.toString(in)
                + "; a YOLO detector takes one NCHW image [N, 3, H, W]");
      }
      if (in[2] > 0 && in[3] > 0 && in[2] != in[3]) {
        throw new ModelLoadException(
            "model "
                + model
                + " takes a "
                + in[3]
                + "x"
                + in[2]
                + " input; gradstream letterboxes to a square, export the model with a square input");
      }
      int size = in[2] > 0 && in[3] > 0 ? Math.toIntExact(in[2]) : 0;
      for (Map.Entry<String, NodeInfo> output : session.getOutputInfo().entrySet()) {
        if (output.getValue().getInfo() instanceof TensorInfo t
            && t.getShape().length == 3
            && t.type == OnnxJavaType.FLOAT) {
          return new ModelSignature(input.getKey(), in[0], size, output.getKey());
        }
      }
      throw new ModelLoadException(
          "model "
              + model
              + " has no rank-3 float output (outputs: "
              + session.getOutputInfo().values()
              + "); a YOLO detector outputs [N, boxes, 5+C] or [N, 4+C, boxes]");
    } catch (OrtException e) {
      throw new ModelLoadException(
          "cannot read the inputs and outputs of model " + model + ": " + e.getMessage(), e);
    }
  }

  private static long[] tensorShape(NodeInfo node, Path model, String what) {
    if (!(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
      throw new ModelLoadException(
          "model "
              + model
              + " "
              + what
              + " '"
              + node.getName()
              + "' is "
              + node.getInfo()
              + "; expected a float tensor");
    }
    return t.getShape();
  }
}

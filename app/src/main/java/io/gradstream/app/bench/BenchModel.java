package io.gradstream.app.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.model.ModelLocation;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The detector the explanation benchmarks run, read as an ONNX graph, and its inputs letterboxed as
 * the worker does.
 *
 * @param file the model file
 * @param proto the graph
 * @param output its detections output (the first)
 * @param inputSize the side of its square input
 */
public record BenchModel(Path file, ModelProto proto, String output, int inputSize) {

  /**
   * Reads {@code requested}, or the demo model when null.
   *
   * @throws IllegalArgumentException saying what to do when the file is missing
   */
  public static BenchModel load(Path requested) throws IOException {
    Path file =
        requested != null
            ? requested
            : ModelLocation.defaultModelDirectory(Path.of(System.getProperty("user.home")))
                .resolve(ModelLocation.DEMO_MODEL_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no such model: "
              + file
              + (requested == null ? " (run ./scripts/setup.sh to import the demo model)" : ""));
    }
    ModelProto proto = OnnxModels.read(file);
    int size =
        (int)
            proto
                .getGraph()
                .getInput(0)
                .getType()
                .getTensorType()
                .getShape()
                .getDim(3)
                .getDimValue();
    return new BenchModel(file, proto, proto.getGraph().getOutput(0).getName(), size);
  }

  /** {@code image} letterboxed to the input, {@code [1, 3, S, S]}. */
  public FloatTensor letterboxed(BgrImage image) {
    Letterbox letterbox = new Letterbox(inputSize);
    FloatBuffer buffer = FloatBuffer.allocate(letterbox.floatsPerImage());
    letterbox.apply(image, buffer, 0);
    return new FloatTensor(new long[] {1, 3, inputSize, inputSize}, buffer.array());
  }
}

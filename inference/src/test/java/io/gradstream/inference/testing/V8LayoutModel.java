package io.gradstream.inference.testing;

import static io.gradstream.explain.graph.GraphBuilder.attr;
import static io.gradstream.explain.graph.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.inference.model.ModelLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A real-weights detector in the YOLOv8/11 output layout: the demo YOLOv5s re-wired to output
 * {@code [N, 4 + C, rows]} (cx, cy, w, h, then the class scores objectness × class probability),
 * with no objectness column. Same weights and same scores as the demo model, so the same detections
 * and, when explained, the same maps.
 */
public final class V8LayoutModel {
  /** The re-wired output. */
  public static final String OUTPUT = "output0_v8";

  private V8LayoutModel() {}

  /** {@code model} (v5 layout output {@code output}, {@code [N, rows, 5 + C]}) re-wired. */
  public static ModelProto rewire(ModelProto model, String output) {
    GraphBuilder g = new GraphBuilder(model.getGraph()).clearOutputs();
    String box = slice(g, output, 0, 4);
    String objectness = slice(g, output, 4, 5);
    String classes = slice(g, output, 5, Integer.MAX_VALUE);
    String scores = g.op("Mul", "v8/scores", List.of(objectness, classes));
    String rows = g.op("Concat", "v8/rows", List.of(box, scores), attr("axis", 2L));
    g.opNamed("Transpose", OUTPUT, List.of(rows), ints("perm", 0, 2, 1));
    g.output(OUTPUT, (long[]) null);
    return model.toBuilder().setGraph(g.build()).build();
  }

  /**
   * The demo model ({@link DemoModel}) re-wired, written with its labels beside it into {@code
   * dir}.
   */
  public static ModelLocation write(Path dir) throws IOException {
    ModelLocation demo = DemoModel.location();
    ModelProto v8 = rewire(OnnxModels.read(demo.model()), "output0");
    Path model = dir.resolve("yolov5s-v8-layout.onnx");
    Path labels = dir.resolve("yolov5s-v8-layout.labels");
    Files.write(model, v8.toByteArray());
    Files.copy(demo.labels(), labels, StandardCopyOption.REPLACE_EXISTING);
    return new ModelLocation(model, labels, false);
  }

  private static String slice(GraphBuilder g, String x, long start, long end) {
    return g.op(
        "Slice",
        "v8/slice",
        List.of(x, g.int64s("starts", start), g.int64s("ends", end), g.int64s("axes", 2)));
  }
}

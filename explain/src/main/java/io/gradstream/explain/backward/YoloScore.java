package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;
import static io.gradstream.explain.graph.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends the score Grad-CAM explains to a YOLO detector: {@code score[n] = Σ_r Σ_c rows[n,r] ·
 * classes[n,c] · conf[n,r,c]}, where conf is objectness × class probability in the v5 layout
 * ({@code [N, rows, 5 + C]}) and the class score itself in the v8/11 layout ({@code [N, 4 + C,
 * rows]}). With one-hot seeds that is one detection's confidence, what NMS ranks by. Seeds are
 * inputs, so one compiled graph explains any detection, one per batch item.
 */
public final class YoloScore {
  /** Input: {@code [N, rows, 1]}, 1 at the detection's output row. */
  public static final String SEED_ROWS = "seed_rows";

  /** Input: {@code [N, 1, C]}, 1 at the detection's class. */
  public static final String SEED_CLASSES = "seed_classes";

  /** Output: {@code [N]}, the seeded score per batch item. */
  public static final String SCORE = "score";

  private YoloScore() {}

  /**
   * The two seed inputs that select one detection: 1 at {@code row} of {@code rows} and at {@code
   * classId} of {@code classes}. A mutable map, so callers add the graph's other inputs.
   */
  public static Map<String, FloatTensor> seeds(long rows, long classes, int row, int classId) {
    FloatTensor seedRows = FloatTensor.zeros(1, rows, 1);
    seedRows.data()[row] = 1;
    FloatTensor seedClasses = FloatTensor.zeros(1, 1, classes);
    seedClasses.data()[classId] = 1;
    Map<String, FloatTensor> feed = new HashMap<>();
    feed.put(SEED_ROWS, seedRows);
    feed.put(SEED_CLASSES, seedClasses);
    return feed;
  }

  /**
   * {@code model} (whose graph computes {@code output} in {@code layout}, with {@code rows} rows
   * and {@code classes} classes) with the seed inputs and the {@value #SCORE} output added.
   */
  public static ModelProto append(
      ModelProto model, String output, YoloLayout layout, long rows, long classes) {
    GraphBuilder g = new GraphBuilder(model.getGraph());
    g.input(SEED_ROWS, -1, rows, 1).input(SEED_CLASSES, -1, 1, classes);
    String conf =
        switch (layout) {
          case V5 -> {
            String obj = slice(g, output, 4, 5, 2);
            yield g.op("Mul", "score/conf", List.of(obj, slice(g, output, 5, 5 + classes, 2)));
          }
          // [N, C, rows] -> [N, rows, C], as the seeds are laid out.
          case V8 ->
              g.op(
                  "Transpose",
                  "score/conf",
                  List.of(slice(g, output, 4, 4 + classes, 1)),
                  ints("perm", 0, 2, 1));
        };
    String seeded =
        g.op(
            "Mul",
            "score/seeded",
            List.of(g.op("Mul", "score/rows", List.of(conf, SEED_ROWS)), SEED_CLASSES));
    g.opNamed("ReduceSum", SCORE, List.of(seeded, g.int64s("axes", 1, 2)), attr("keepdims", 0L));
    g.output(SCORE, -1);
    return model.toBuilder().setGraph(g.build()).build();
  }

  private static String slice(GraphBuilder g, String x, long start, long end, long axis) {
    return g.op(
        "Slice",
        "score/slice",
        List.of(x, g.int64s("starts", start), g.int64s("ends", end), g.int64s("axes", axis)));
  }
}

package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends the score Grad-CAM explains to a YOLOv5-layout model ({@code [N, rows, 5 + C]}: box,
 * objectness, C class scores): {@code score[n] = Σ_r Σ_c rows[n,r] · classes[n,c] · obj[n,r] ·
 * cls[n,r,c]}. With one-hot seeds that is objectness × class score of one detection, the confidence
 * YOLOv5's NMS ranks by. Seeds are inputs, so one compiled graph explains any detection, one per
 * batch item.
 */
public final class YoloV5Score {
  /** Input: {@code [N, rows, 1]}, 1 at the detection's output row. */
  public static final String SEED_ROWS = "seed_rows";

  /** Input: {@code [N, 1, C]}, 1 at the detection's class. */
  public static final String SEED_CLASSES = "seed_classes";

  /** Output: {@code [N]}, the seeded score per batch item. */
  public static final String SCORE = "score";

  private YoloV5Score() {}

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
   * {@code model} (whose graph computes {@code output}, shape {@code [N, rows, 5 + classes]}) with
   * the seed inputs and the {@value #SCORE} output added.
   */
  public static ModelProto append(ModelProto model, String output, long rows, long classes) {
    GraphBuilder g = new GraphBuilder(model.getGraph());
    g.input(SEED_ROWS, -1, rows, 1).input(SEED_CLASSES, -1, 1, classes);
    String obj =
        g.op(
            "Slice",
            "score/obj",
            List.of(output, g.int64s("starts", 4), g.int64s("ends", 5), g.int64s("axes", 2)));
    String cls =
        g.op(
            "Slice",
            "score/cls",
            List.of(
                output, g.int64s("starts", 5), g.int64s("ends", 5 + classes), g.int64s("axes", 2)));
    String conf = g.op("Mul", "score/conf", List.of(obj, cls));
    String seeded =
        g.op(
            "Mul",
            "score/seeded",
            List.of(g.op("Mul", "score/rows", List.of(conf, SEED_ROWS)), SEED_CLASSES));
    g.opNamed("ReduceSum", SCORE, List.of(seeded, g.int64s("axes", 1, 2)), attr("keepdims", 0L));
    g.output(SCORE, -1);
    return model.toBuilder().setGraph(g.build()).build();
  }
}

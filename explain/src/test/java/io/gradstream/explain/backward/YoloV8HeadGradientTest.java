package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.graph.TinyModels;
import io.gradstream.explain.graph.YoloV8Head;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backward compiler through the whole published YOLOv8n head (random weights): from each
 * level's neck output to the {@code [N, 4 + C, rows]} output, across the 3×3 Convs and SiLUs, the
 * Split into box and class channels, DFL's Softmax and fixed Conv, and dist2bbox's Split, Sub, Add,
 * Div and Mul, checked against central differences of the same graph in float64.
 */
class YoloV8HeadGradientTest {
  private static final int SIZE = 64;
  private static final String OBJECTIVE = "L";

  /**
   * @param objective {@code all}: every output weighted by a random cotangent, so box and class
   *     channels both carry gradient; {@code score}: one row's class score only, as the explainer
   *     seeds it, so the box half of the Split carries none
   */
  @ParameterizedTest(name = "{0} objective, level {1}")
  @CsvSource({"all, 0", "all, 1", "all, 2", "score, 0", "score, 2"})
  void gradientAtEachNeckOutputMatchesFloat64CentralDifferences(String objective, int level)
      throws OrtException {
    ModelProto forward = withObjective(objective, level);
    String wrt = YoloV8Head.neck(level);
    BackwardGraph bw = BackwardCompiler.compile(forward, wrt, OBJECTIVE);
    Map<String, FloatTensor> feed = new HashMap<>();
    for (int l = 0; l < YoloV8Head.STRIDES.length; l++) {
      long side = SIZE / YoloV8Head.STRIDES[l];
      feed.put(
          YoloV8Head.neck(l),
          TinyModels.random(20 + l, 1, YoloV8Head.NECK_CHANNELS[l], side, side));
    }
    FloatTensor grad;
    float objective32;
    try (OrtModel back = new OrtModel(bw.model());
        OrtModel fwd = new OrtModel(forward)) {
      grad = back.run(feed, List.of(bw.gradientOutput())).get(bw.gradientOutput());
      objective32 = fwd.run(feed, List.of(OBJECTIVE)).get(OBJECTIVE).data()[0];
    }
    assertThat(grad.shape()).containsExactly(feed.get(wrt).shape());
    float[] g = grad.data();
    double maxAbs = IntStream.range(0, g.length).mapToDouble(i -> Math.abs(g[i])).max().orElse(0);
    assertThat(maxAbs).as("the objective depends on level %d", level).isGreaterThan(0);

    // The 12 largest gradient elements and 12 random ones.
    List<Integer> sample =
        new ArrayList<>(
            IntStream.range(0, g.length)
                .boxed()
                .sorted((p, q) -> Float.compare(Math.abs(g[q]), Math.abs(g[p])))
                .limit(12)
                .toList());
    Random random = new Random(level);
    while (sample.size() < 24) {
      int i = random.nextInt(g.length);
      if (!sample.contains(i)) {
        sample.add(i);
      }
    }
    double[] x = Float64Reference.widen(feed.get(wrt).data());
    double maxError = 0;
    try (Float64Reference reference = new Float64Reference(forward)) {
      double objective64 = reference.sum(feed, wrt, x, OBJECTIVE);
      assertThat(objective64)
          .as("float64 reference forward vs float32 forward")
          .isCloseTo(
              objective32, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(objective64))));
      for (int i : sample) {
        double fd = reference.centralDifference(feed, wrt, x, i, 1e-4, OBJECTIVE);
        double error = Math.abs(g[i] - fd);
        // float32 gradients: relative to the element, or to the largest where the element is tiny.
        assertThat(error)
            .as("element %d: compiled %.6e, central difference %.6e", i, g[i], fd)
            .isLessThanOrEqualTo(1e-3 * Math.max(Math.abs(fd), 1e-2 * maxAbs));
        maxError = Math.max(maxError, error / maxAbs);
      }
    }
    System.out.printf(
        "yolov8n head, %s objective, level %d: max|g| %.3e, max error / max|g| %.2e over %d elements%n",
        objective, level, maxAbs, maxError, sample.size());
  }

  /**
   * The head with L = Σ output ⊙ V appended; for the score objective, V picks class 0 of a middle
   * cell of {@code level}.
   */
  private static ModelProto withObjective(String objective, int level) {
    GraphBuilder g = YoloV8Head.build(SIZE, 8);
    int rows = YoloV8Head.rows(SIZE);
    int columns = 4 + YoloV8Head.CLASSES;
    float[] v = new float[columns * rows];
    if (objective.equals("all")) {
      Random r = new Random(9);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
    } else {
      int row = 0;
      for (int l = 0; l < level; l++) {
        row += (int) ((SIZE / YoloV8Head.STRIDES[l]) * (SIZE / YoloV8Head.STRIDES[l]));
      }
      long side = SIZE / YoloV8Head.STRIDES[level];
      row += (int) ((side / 2) * side + side / 2);
      v[4 * rows + row] = 1;
    }
    String weighted =
        g.op(
            "Mul",
            "weighted",
            List.of(YoloV8Head.OUTPUT, g.floats("v", new long[] {1, columns, rows}, v)));
    g.opNamed(
        "ReduceSum", OBJECTIVE, List.of(weighted, g.int64s("axes", 1, 2)), attr("keepdims", 0L));
    g.output(OBJECTIVE, -1);
    return g.model();
  }
}

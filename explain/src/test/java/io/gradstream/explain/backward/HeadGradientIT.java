package io.gradstream.explain.backward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.DetectionHeads;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.testing.DemoModel;
import io.gradstream.explain.testing.Frames;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exactness criterion: on the real YOLOv5s and real frames, the compiled gradient of a
 * real detection's score (objectness × class score of the highest-scoring row of each head level)
 * with respect to that level's head input matches central finite differences computed with forward
 * runs of the head only; and the windowed backward equals the full-size one.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadGradientIT {
  static final int ROWS = 25200;
  static final int CLASSES = 80;
  static final int[] GRID = {80, 40, 20};
  static final int[] ROW_OFFSET = {0, 3 * 6400, 3 * 6400 + 3 * 1600};

  private ModelProto model;
  private ModelProto scored;
  private List<HeadLevel> levels;
  private final Map<String, Map<String, FloatTensor>> headOutputs = new HashMap<>();
  private List<String> headInputs;
  private final Map<String, Map<String, FloatTensor>> activations = new HashMap<>();
  private final Map<String, FloatTensor> outputs = new HashMap<>();

  @BeforeAll
  void forwardOnRealFrames() throws Exception {
    ModelProto model = OnnxModels.read(DemoModel.onnx());
    levels = DetectionHeads.find(model);
    headInputs = levels.stream().map(HeadLevel::input).toList();
    assertThat(headInputs).hasSize(3);
    List<String> exposed = new ArrayList<>(headInputs);
    levels.forEach(l -> exposed.add(l.output()));
    try (OrtModel full = new OrtModel(GraphEdits.withOutputs(model, exposed))) {
      for (String frame : List.of("vtest200", "dog")) {
        FloatTensor image = frame.equals("dog") ? Frames.dog() : Frames.vtest(200);
        Map<String, FloatTensor> out = full.run(Map.of("images", image), List.of());
        Map<String, FloatTensor> a = new LinkedHashMap<>();
        headInputs.forEach(h -> a.put(h, out.get(h)));
        activations.put(frame, a);
        Map<String, FloatTensor> z = new LinkedHashMap<>();
        levels.forEach(l -> z.put(l.output(), out.get(l.output())));
        headOutputs.put(frame, z);
        outputs.put(frame, out.get("output0"));
      }
    }
    this.model = model;
    ModelProto head = GraphEdits.cut(model, headInputs, List.of("output0"));
    scored = YoloScore.append(head, "output0", YoloLayout.V5, ROWS, CLASSES);
  }

  @ParameterizedTest(name = "{0}, level {1}")
  @CsvSource({"vtest200,0", "vtest200,1", "vtest200,2", "dog,0", "dog,1", "dog,2"})
  void compiledGradientMatchesCentralDifferences(String frame, int level) {
    FloatTensor out = outputs.get(frame);
    // The detection: the row of this level with the highest objectness × class score.
    int rows = 3 * GRID[level] * GRID[level];
    int bestRow = -1;
    int bestClass = -1;
    float best = -1;
    for (int r = ROW_OFFSET[level]; r < ROW_OFFSET[level] + rows; r++) {
      for (int c = 0; c < CLASSES; c++) {
        float s = out.data()[r * 85 + 4] * out.data()[r * 85 + 5 + c];
        if (s > best) {
          best = s;
          bestRow = r;
          bestClass = c;
        }
      }
    }
    int cell = (bestRow - ROW_OFFSET[level]) % (GRID[level] * GRID[level]);
    int cy = cell / GRID[level];
    int cx = cell % GRID[level];

    String target = headInputs.get(level);
    Map<String, FloatTensor> feed = YoloScore.seeds(ROWS, CLASSES, bestRow, bestClass);
    feed.putAll(activations.get(frame));

    BackwardGraph bw = BackwardCompiler.compile(scored, target, YoloScore.SCORE);
    FloatTensor grad;
    try (OrtModel back = new OrtModel(bw.model())) {
      var result = back.run(feed, List.of());
      grad = result.get(bw.gradientOutput());
      assertThat(result.get(YoloScore.SCORE).data()[0]).isEqualTo(best);
    }
    FloatTensor a = feed.get(target);
    assertThat(grad.shape()).isEqualTo(a.shape());

    // The windowed backward (decode backward, then the head conv's VJP on the 1x1 receptive field)
    // equals it.
    try (WindowedHeadRunner windowed =
        new WindowedHeadRunner(
            WindowedHeadBackward.compile(
                model, levels, level, "output0", YoloLayout.V5, ROWS, CLASSES))) {
      FloatTensor w =
          windowed.fullGradient(
              headOutputs.get(frame),
              YoloScore.seeds(ROWS, CLASSES, bestRow, bestClass),
              a,
              cy,
              cx);
      float maxDiff = 0;
      for (int i = 0; i < w.data().length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(w.data()[i] - grad.data()[i]));
      }
      System.out.printf(
          "windowed %s level %d: max |windowed - full| %.2e%n", frame, level, maxDiff);
      assertThat(maxDiff).as("windowed vs full-size backward").isLessThanOrEqualTo(1e-6f * 0.1f);
    }
    int channels = (int) a.shape()[1];
    int plane = GRID[level] * GRID[level];

    // A 1x1 head: the score depends on the detection's cell only, so the gradient is zero
    // elsewhere.
    for (int i = 0; i < grad.data().length; i++) {
      if (i % plane != cell) {
        assertThat(grad.data()[i]).as("gradient off the detection's cell at %d", i).isZero();
      }
    }
    double maxAbs =
        IntStream.range(0, channels)
            .mapToDouble(c -> Math.abs(grad.data()[c * plane + cell]))
            .max()
            .orElseThrow();
    // Sampled elements: the 16 largest gradients at the cell and 16 random channels there.
    List<Integer> sample =
        new ArrayList<>(
            IntStream.range(0, channels)
                .boxed()
                .sorted(
                    (p, q) ->
                        Float.compare(
                            Math.abs(grad.data()[q * plane + cell]),
                            Math.abs(grad.data()[p * plane + cell])))
                .limit(16)
                .toList());
    Random random = new Random(level);
    while (sample.size() < 32) {
      int c = random.nextInt(channels);
      if (!sample.contains(c)) {
        sample.add(c);
      }
    }
    int[] indices = sample.stream().mapToInt(c -> c * plane + cell).toArray();
    // Central differences of the float64 forward (see Float64Reference for why not float32): with
    // rounding near 1e-16 the error is the truncation term h^2 f'''/6; the head's weights are ~0.1,
    // so f''' stays far below 1 and h = 1e-3 leaves it near 1e-10, far under the 1e-3 bound.
    double h = 1e-3;
    double[] x = Float64Reference.widen(a.data());
    double maxRel = 0;
    try (Float64Reference reference = new Float64Reference(scored)) {
      double score64 = reference.sum(feed, target, x, YoloScore.SCORE);
      assertThat(score64)
          .as("float64 reference forward vs float32 forward")
          .isCloseTo(best, org.assertj.core.data.Offset.offset(1e-5));
      for (int index : indices) {
        double fd = reference.centralDifference(feed, target, x, index, h, YoloScore.SCORE);
        double g = grad.data()[index];
        maxRel = Math.max(maxRel, Math.abs(g - fd) / Math.max(Math.abs(fd), 1e-30));
      }
      // Off the cell, the score must not move at all.
      for (int k = 0; k < 4; k++) {
        int index = ((cell + 1 + k * 7) % plane) + plane * random.nextInt(channels);
        double x0 = x[index];
        x[index] = x0 + h;
        double plus = reference.sum(feed, target, x, YoloScore.SCORE);
        x[index] = x0;
        assertThat(plus)
            .as("score after perturbing element %d off the cell", index)
            .isEqualTo(score64);
      }
    } catch (ai.onnxruntime.OrtException e) {
      throw new AssertionError(e);
    }
    System.out.printf(
        "exactness %s level %d: row %d class %d score %.3f cell (%d,%d), %d elements, max|g| %.3e, h %.0e: max relative error %.2e%n",
        frame, level, bestRow, bestClass, best, cy, cx, indices.length, maxAbs, h, maxRel);
    assertThat(maxRel)
        .as("max relative error against central differences")
        .isLessThanOrEqualTo(1e-3);
  }
}

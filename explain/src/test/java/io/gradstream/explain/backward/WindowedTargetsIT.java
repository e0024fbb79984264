package io.gradstream.explain.backward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.cam.WindowGradient;
import io.gradstream.explain.engine.DetectionExplainer;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.engine.FrameTensors;
import io.gradstream.explain.engine.HeadGeometry;
import io.gradstream.explain.engine.LevelGeometry;
import io.gradstream.explain.engine.RowLocation;
import io.gradstream.explain.engine.StrongestTargets;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live default's target layers on the real YOLOv5s: each level's target moves back to the input
 * of the level's last C3 block, and there the engine's batched windowed gradient (3×3 cells through
 * the block's Concat and 3×3 Conv) equals the compiled full-size backward, which matches central
 * finite differences of a float64 forward of the real model from those layers on.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowedTargetsIT {
  static final String P = "StatefulPartitionedCall/model/";
  static final int ROWS = 25200;
  static final int CLASSES = 80;

  private ModelProto model;
  private List<HeadLevel> targets;
  private DetectionExplainer explainer;
  private FrameTensors frame;
  private Map<String, FloatTensor> activations;
  private ModelProto scored;

  @BeforeAll
  void forward() throws Exception {
    model = OnnxModels.read(DemoModel.onnx());
    targets = WindowedTargets.deepest(model, DetectionHeads.find(model));
    explainer = DetectionExplainer.compile(model, "output0", targets, null);
    try (OrtModel detector = new OrtModel(explainer.instrumented())) {
      Map<String, FloatTensor> out = detector.run(Map.of("images", Frames.vtest(200)), List.of());
      frame =
          FrameTensors.slice(
              explainer.activationNames().stream().map(out::get).toList(), out.get("output0"), 0);
      activations = new java.util.LinkedHashMap<>();
      explainer.activationNames().forEach(a -> activations.put(a, out.get(a)));
    }
    List<String> names = targets.stream().map(HeadLevel::input).toList();
    scored =
        YoloScore.append(
            GraphEdits.cut(model, names, List.of("output0")),
            "output0",
            YoloLayout.V5,
            ROWS,
            CLASSES);
  }

  @AfterAll
  void close() {
    explainer.close();
  }

  @Test
  void eachLevelsTargetMovesBackToTheInputOfItsLastC3Block() {
    assertThat(targets)
        .extracting(HeadLevel::input)
        .containsExactly(
            P + "tf_concat_1/concat", P + "tf_concat_2/concat", P + "tf_concat_3/concat");
    assertThat(targets)
        .extracting(HeadLevel::output)
        .isEqualTo(DetectionHeads.find(model).stream().map(HeadLevel::output).toList());
    for (int l = 0; l < 3; l++) {
      assertThat(explainer.radius(l)).as("level %d: one 3x3 Conv in the C3 block", l).isEqualTo(1);
    }
  }

  @Test
  void aTargetPastAStridedConvIsNotWindowedSoTheHeadInputOfAModelWithoutOneStaysPut() {
    // The level-1 C3 input concatenates a stride-2 Conv of the finer level: one step further back
    // is refused.
    String pastStride = P + "tf_conv_45/mul";
    assertThat(targets.get(1).input()).isNotEqualTo(pastStride);
    HeadLevel head = DetectionHeads.find(model).get(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ReceptiveField.radius(
                    GraphEdits.cut(model, List.of(pastStride), List.of(head.output()))))
        .isInstanceOf(io.gradstream.explain.graph.OnnxGraphException.class);
  }

  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {0, 1, 2})
  void theWindowedGradientEqualsTheFullBackwardAndMatchesCentralDifferences(int level)
      throws Exception {
    ExplainTarget target = StrongestTargets.ofLevel(frame.output(), explainer.geometry(), level);
    WindowGradient g = explainer.gradients(frame, List.of(target)).get(0).gradient();
    String layer = targets.get(level).input();
    Map<String, FloatTensor> feed = YoloScore.seeds(ROWS, CLASSES, target.row(), target.classId());
    feed.putAll(activations);
    FloatTensor full = assertWindowedEqualsFull(level, target, g);
    int channels = (int) full.shape()[1];
    int h = (int) full.shape()[2];
    int w = (int) full.shape()[3];
    double maxAbs = maxAbs(full);

    // Central differences of the float64 forward on 32 elements of the window: the 16 largest
    // gradients
    // and 16 random ones; h = 1e-3 keeps the truncation error near 1e-9 (weights ~0.1, smooth
    // SiLUs).
    List<Integer> sample =
        windowElements(g, h, w).stream()
            .sorted((p, q) -> Float.compare(Math.abs(full.data()[q]), Math.abs(full.data()[p])))
            .limit(16)
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    List<Integer> all = windowElements(g, h, w);
    Random random = new Random(level);
    while (sample.size() < 32) {
      int e = all.get(random.nextInt(all.size()));
      if (!sample.contains(e)) {
        sample.add(e);
      }
    }
    double step = 1e-3;
    double[] x = Float64Reference.widen(feed.get(layer).data());
    double maxRel = 0;
    try (Float64Reference reference = new Float64Reference(scored)) {
      double score = reference.sum(feed, layer, x, YoloScore.SCORE);
      for (int e : sample) {
        double fd = reference.centralDifference(feed, layer, x, e, step, YoloScore.SCORE);
        // Relative to the element's own size, floored at 1e-3 of the largest: an element a thousand
        // times
        // smaller than the largest is checked to 1e-6 of it, below float32's own rounding of the
        // gradient.
        maxRel =
            Math.max(maxRel, Math.abs(full.data()[e] - fd) / Math.max(Math.abs(fd), 1e-3 * maxAbs));
      }
      // Outside the window the score does not move at all.
      int outside = ((g.cy() + 3) % h * w + (g.cx() + 3) % w) + h * w * random.nextInt(channels);
      double x0 = x[outside];
      x[outside] = x0 + step;
      assertThat(reference.sum(feed, layer, x, YoloScore.SCORE))
          .as("score after perturbing outside the window")
          .isEqualTo(score);
      x[outside] = x0;
    }
    System.out.printf(
        "C3-input target, level %d: row %d class %d, window at (%d, %d), max|g| %.3e, %d elements: max relative error %.2e%n",
        level, target.row(), target.classId(), g.cy(), g.cx(), maxAbs, sample.size(), maxRel);
    assertThat(maxRel)
        .as("max relative error against central differences, level %d", level)
        .isLessThanOrEqualTo(1e-3);
  }

  /**
   * A detection on the map's last row or column: there the full-size 3×3 Conv pads with zeros,
   * which the window reproduces with its mask (before it, such a gradient was off by 6–20%).
   */
  @ParameterizedTest(name = "level {0}")
  @ValueSource(ints = {0, 1, 2})
  void atTheMapsBorderTooTheWindowedGradientEqualsTheFullBackward(int level) {
    HeadGeometry geometry = explainer.geometry();
    LevelGeometry l = geometry.levels().get(level);
    int best = -1;
    for (int row = l.rowOffset(); row < l.rowOffset() + l.rows(); row++) {
      RowLocation at = geometry.locate(row);
      boolean border =
          at.cx() == 0 || at.cy() == 0 || at.cx() == l.width() - 1 || at.cy() == l.height() - 1;
      if (border && (best < 0 || personScore(row) > personScore(best))) {
        best = row;
      }
    }
    ExplainTarget target = new ExplainTarget(best, 0);
    WindowGradient g = explainer.gradients(frame, List.of(target)).get(0).gradient();
    System.out.printf(
        "border target, level %d: row %d at (%d, %d), person score %.3f%n",
        level, best, g.cy(), g.cx(), personScore(best));
    assertWindowedEqualsFull(level, target, g);
  }

  private float personScore(int row) {
    int cols = explainer.geometry().columns();
    return frame.output()[row * cols + 4] * frame.output()[row * cols + 5];
  }

  /**
   * Asserts that the windowed gradient {@code g} equals the full-size backward (to 1e-5 of its
   * largest element) and that the full gradient is zero outside the window; returns the latter.
   */
  private FloatTensor assertWindowedEqualsFull(int level, ExplainTarget target, WindowGradient g) {
    Map<String, FloatTensor> feed = YoloScore.seeds(ROWS, CLASSES, target.row(), target.classId());
    feed.putAll(activations);
    BackwardGraph bw =
        BackwardCompiler.compile(scored, targets.get(level).input(), YoloScore.SCORE);
    FloatTensor full;
    try (OrtModel back = new OrtModel(bw.model())) {
      full = back.run(feed, List.of()).get(bw.gradientOutput());
    }
    int channels = (int) full.shape()[1];
    int h = (int) full.shape()[2];
    int w = (int) full.shape()[3];
    double maxDiff = 0;
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float f = full.data()[(c * h + y) * w + x];
          maxDiff = Math.max(maxDiff, Math.abs(f - g.at(c, y, x)));
          if (Math.abs(y - g.cy()) > 1 || Math.abs(x - g.cx()) > 1) {
            assertThat(f)
                .as("full gradient outside the 3x3 window at (%d, %d, %d)", c, y, x)
                .isZero();
          }
        }
      }
    }
    double maxAbs = maxAbs(full);
    assertThat(maxAbs).isPositive();
    assertThat(maxDiff / maxAbs)
        .as("windowed vs full-size backward, level %d", level)
        .isLessThanOrEqualTo(1e-5);
    return full;
  }

  private static double maxAbs(FloatTensor t) {
    double max = 0;
    for (float v : t.data()) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** Flat indices of every element of A inside the window. */
  private static List<Integer> windowElements(WindowGradient g, int h, int w) {
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < g.channels(); c++) {
      for (int y = Math.max(0, g.cy() - 1); y <= Math.min(h - 1, g.cy() + 1); y++) {
        for (int x = Math.max(0, g.cx() - 1); x <= Math.min(w - 1, g.cx() + 1); x++) {
          out.add((c * h + y) * w + x);
        }
      }
    }
    return out;
  }
}

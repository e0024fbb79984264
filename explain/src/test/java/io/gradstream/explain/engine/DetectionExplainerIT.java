package io.gradstream.explain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.backward.BackwardCompiler;
import io.gradstream.explain.backward.BackwardGraph;
import io.gradstream.explain.backward.YoloScore;
import io.gradstream.explain.cam.GradCam;
import io.gradstream.explain.cam.WindowGradient;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.testing.DemoModel;
import io.gradstream.explain.testing.Frames;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine on the real YOLOv5s: one batched windowed backward per level, seeded in closed form,
 * gives for every detection of a real frame the same gradient as the compiled full-size backward
 * run once per detection (which HeadGradientIT checks against finite differences).
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionExplainerIT {
  private ModelProto model;
  private DetectionExplainer explainer;

  @BeforeAll
  void compile() throws Exception {
    model = OnnxModels.read(DemoModel.onnx());
    long start = System.nanoTime();
    explainer = DetectionExplainer.compile(model, "output0", null);
    System.out.printf(
        "explainer compiled (with its seed check) in %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @AfterAll
  void close() {
    explainer.close();
  }

  @Test
  void findsTheThreeYoloV5LevelsAndMapsRowsToCells() {
    HeadGeometry g = explainer.geometry();
    assertThat(g.levels()).extracting(LevelGeometry::width).containsExactly(80, 40, 20);
    assertThat(g.levels()).extracting(LevelGeometry::stride).containsExactly(8, 16, 32);
    assertThat(g.levels()).extracting(LevelGeometry::anchors).containsExactly(3, 3, 3);
    assertThat(g.rows()).isEqualTo(25200);
    assertThat(g.classes()).isEqualTo(80);
    assertThat(g.locate(0)).isEqualTo(new RowLocation(0, 0, 0, 0));
    assertThat(g.locate(6400 + 81)).isEqualTo(new RowLocation(0, 1, 1, 1));
    assertThat(g.locate(19200 + 2 * 1600 + 39)).isEqualTo(new RowLocation(1, 2, 0, 39));
    assertThat(g.locate(25199)).isEqualTo(new RowLocation(2, 2, 19, 19));
  }

  @Test
  void batchedWindowedGradientsEqualTheFullBackwardOfEachDetection() {
    FloatTensor image = Frames.vtest(200);
    Map<String, FloatTensor> out;
    try (OrtModel detector = new OrtModel(explainer.instrumented())) {
      out = detector.run(Map.of("images", image), List.of());
    }
    List<FloatTensor> activations = explainer.activationNames().stream().map(out::get).toList();
    FrameTensors frame = FrameTensors.slice(activations, out.get("output0"), 0);
    List<ExplainTarget> targets = strongestRows(frame.output(), 20);
    assertThat(targets).hasSize(20);

    long start = System.nanoTime();
    List<DetectionGradient> gradients = explainer.gradients(frame, targets);
    System.out.printf(
        "20 detections: windowed gradients in %.2f ms%n", (System.nanoTime() - start) / 1e6);
    assertThat(gradients).extracting(DetectionGradient::target).containsExactlyElementsOf(targets);
    Set<Integer> levels = new HashSet<>();
    gradients.forEach(g -> levels.add(g.location().level()));
    assertThat(levels).as("detections on every level").containsExactlyInAnyOrder(0, 1, 2);

    ModelProto head = GraphEdits.cut(model, explainer.activationNames(), List.of("output0"));
    ModelProto scored = YoloScore.append(head, "output0", YoloLayout.V5, 25200, 80);
    double worst = 0;
    for (int l = 0; l < 3; l++) {
      String a = explainer.activationNames().get(l);
      BackwardGraph full = BackwardCompiler.compile(scored, a, YoloScore.SCORE);
      try (OrtModel backward = new OrtModel(full.model())) {
        for (DetectionGradient g : gradients) {
          if (g.location().level() != l) {
            continue;
          }
          Map<String, FloatTensor> feed =
              YoloScore.seeds(25200, 80, g.target().row(), g.target().classId());
          for (int i = 0; i < 3; i++) {
            feed.put(explainer.activationNames().get(i), activations.get(i));
          }
          FloatTensor expected =
              backward.run(feed, List.of(full.gradientOutput())).get(full.gradientOutput());
          double[] absAndDiff = maxAbsAndDifference(expected, g.gradient());
          worst = Math.max(worst, absAndDiff[1] / absAndDiff[0]);
        }
      }
    }
    System.out.printf(
        "batched windowed vs full-size backward, 20 detections: max |diff| / max |g| = %.2e%n",
        worst);
    assertThat(worst).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void gradCamOfADetectionIsHottestNearIt() {
    FloatTensor image = Frames.dog();
    Map<String, FloatTensor> out;
    try (OrtModel detector = new OrtModel(explainer.instrumented())) {
      out = detector.run(Map.of("images", image), List.of());
    }
    FrameTensors frame =
        FrameTensors.slice(
            explainer.activationNames().stream().map(out::get).toList(), out.get("output0"), 0);
    ExplainTarget dog = strongestRowOfClass(frame.output(), 16);
    DetectionExplanation e =
        explainer.explain(frame, List.of(dog), ExplainMethod.parse(GradCam.NAME)).get(0);
    LevelGeometry level = explainer.geometry().levels().get(e.location().level());
    // The dog's box (cx, cy, w, h; this import gives them as fractions of the input); the map's
    // peak must fall inside it.
    float[] row = java.util.Arrays.copyOfRange(frame.output(), dog.row() * 85, dog.row() * 85 + 4);
    for (int i = 0; i < 4; i++) {
      row[i] *= explainer.geometry().inputSize();
    }
    float s = level.stride();
    int peak = 0;
    for (int i = 1; i < e.raw().length; i++) {
      if (e.raw()[i] > e.raw()[peak]) {
        peak = i;
      }
    }
    float px = (peak % level.width() + 0.5f) * s;
    float py = (peak / level.width() + 0.5f) * s;
    System.out.printf(
        "dog at (%.0f, %.0f) %.0fx%.0f; Grad-CAM peak at (%.0f, %.0f) on %s%n",
        row[0], row[1], row[2], row[3], px, py, e.layer());
    assertThat(Math.abs(px - row[0])).isLessThanOrEqualTo(row[2] / 2);
    assertThat(Math.abs(py - row[1])).isLessThanOrEqualTo(row[3] / 2);
  }

  /**
   * {max |full|, max |full − window|} over every element: the window's gradient is zero outside it.
   */
  static double[] maxAbsAndDifference(FloatTensor full, WindowGradient window) {
    int c = (int) full.shape()[1];
    int h = (int) full.shape()[2];
    int w = (int) full.shape()[3];
    double maxAbs = 0;
    double maxDiff = 0;
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float e = full.data()[(ch * h + y) * w + x];
          maxAbs = Math.max(maxAbs, Math.abs(e));
          maxDiff = Math.max(maxDiff, Math.abs(e - window.at(ch, y, x)));
        }
      }
    }
    return new double[] {maxAbs, maxDiff};
  }

  /**
   * The {@code n} strongest (row, best class) pairs, at most one per cell so they look like NMS
   * survivors.
   */
  static List<ExplainTarget> strongestRows(float[] output, int n) {
    List<int[]> candidates = new ArrayList<>();
    for (int r = 0; r < 25200; r++) {
      int best = 0;
      for (int c = 1; c < 80; c++) {
        if (output[r * 85 + 5 + c] > output[r * 85 + 5 + best]) {
          best = c;
        }
      }
      candidates.add(new int[] {r, best});
    }
    candidates.sort((p, q) -> Float.compare(score(output, q), score(output, p)));
    List<ExplainTarget> targets = new ArrayList<>();
    // Take the strongest per level in turn so every level is covered.
    int[] offsets = {0, 19200, 24000, 25200};
    for (int round = 0; targets.size() < n; round++) {
      for (int l = 0; l < 3 && targets.size() < n; l++) {
        int lvl = l;
        candidates.stream()
            .filter(c -> c[0] >= offsets[lvl] && c[0] < offsets[lvl + 1])
            .skip(round)
            .findFirst()
            .ifPresent(c -> targets.add(new ExplainTarget(c[0], c[1])));
      }
    }
    return targets;
  }

  static ExplainTarget strongestRowOfClass(float[] output, int classId) {
    int best = 0;
    for (int r = 1; r < 25200; r++) {
      if (output[r * 85 + 4] * output[r * 85 + 5 + classId]
          > output[best * 85 + 4] * output[best * 85 + 5 + classId]) {
        best = r;
      }
    }
    return new ExplainTarget(best, classId);
  }

  private static float score(float[] output, int[] c) {
    return output[c[0] * 85 + 4] * output[c[0] * 85 + 5 + c[1]];
  }
}

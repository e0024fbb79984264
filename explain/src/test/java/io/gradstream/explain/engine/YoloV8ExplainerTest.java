package io.gradstream.explain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.backward.BackwardCompiler;
import io.gradstream.explain.backward.BackwardGraph;
import io.gradstream.explain.backward.UnsupportedOpException;
import io.gradstream.explain.backward.WindowedTargets;
import io.gradstream.explain.backward.YoloScore;
import io.gradstream.explain.cam.HiResCam;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.graph.TinyModels;
import io.gradstream.explain.graph.YoloV8Head;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explainer on detectors with the published YOLOv8n and YOLO11n heads (random weights, a
 * stand-in backbone) and their {@code [N, 4 + C, rows]} output: the class heads are found, the seed
 * check passes, and each detection's batched windowed gradient equals the compiled full-size
 * backward of its score.
 */
class YoloV8ExplainerTest {
  private static final int SIZE = 128;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"yolov8n", "yolo11n"})
  void explainsEachDetectionOfAYoloV8Or11HeadExactly(String head) {
    ModelProto model =
        head.equals("yolo11n") ? YoloV8Head.yolo11Detector(SIZE, 5) : YoloV8Head.detector(SIZE, 5);
    List<HeadLevel> levels = WindowedTargets.resolve(model, List.of());
    try (DetectionExplainer explainer =
        DetectionExplainer.compile(model, YoloV8Head.OUTPUT, levels, null)) {
      HeadGeometry g = explainer.geometry();
      assertThat(g.layout()).isEqualTo(YoloLayout.V8);
      assertThat(g.objectness()).isFalse();
      assertThat(g.classes()).isEqualTo(YoloV8Head.CLASSES);
      assertThat(g.rows()).isEqualTo(YoloV8Head.rows(SIZE));
      assertThat(g.levels()).extracting(LevelGeometry::width).containsExactly(16, 8, 4);
      assertThat(g.levels()).extracting(LevelGeometry::anchors).containsExactly(1, 1, 1);
      // The deepest windowed targets: the stand-in backbone's Convs, whose SiLU gives the neck
      // outputs, two 3x3 Convs before the class logits (its strided Convs stop the walk).
      assertThat(explainer.activationNames()).allMatch(a -> a.startsWith("backbone."));
      assertThat(List.of(explainer.radius(0), explainer.radius(1), explainer.radius(2)))
          .containsOnly(2);
      assertThat(g.levels())
          .extracting(l -> l.names().output().replaceAll("_\\d+$", ""))
          .as("the class branches' last Convs, not the box branches' or DFL's")
          .containsExactly("cv3.0.2", "cv3.1.2", "cv3.2.2");

      FloatTensor image = TinyModels.random(7, 1, 3, SIZE, SIZE);
      Map<String, FloatTensor> out;
      try (OrtModel detector = new OrtModel(explainer.instrumented())) {
        out = detector.run(Map.of(YoloV8Head.IMAGE, image), List.of());
      }
      FrameTensors frame =
          explainer.frame(
              explainer.instrumentedOutputs().stream().map(out::get).toList(),
              out.get(YoloV8Head.OUTPUT),
              0);
      // The explainer's rows: objectness 1, the class scores as the output holds them.
      float[] output = out.get(YoloV8Head.OUTPUT).data();
      int rows = g.rows();
      assertThat(frame.output()[7 * g.columns() + 4]).isEqualTo(1f);
      assertThat(frame.output()[7 * g.columns() + 5 + 3]).isEqualTo(output[(4 + 3) * rows + 7]);
      assertThat(frame.output()[7 * g.columns()]).isEqualTo(output[7]);

      List<ExplainTarget> targets = StrongestTargets.of(frame.output(), g, 12);
      List<DetectionGradient> gradients = explainer.gradients(frame, targets);
      ModelProto scored =
          YoloScore.append(model, YoloV8Head.OUTPUT, YoloLayout.V8, rows, g.classes());
      double worst = 0;
      for (int l = 0; l < g.levels().size(); l++) {
        String a = explainer.activationNames().get(l);
        BackwardGraph full = BackwardCompiler.compile(scored, a, YoloScore.SCORE);
        try (OrtModel backward = new OrtModel(full.model())) {
          for (DetectionGradient d : gradients) {
            if (d.location().level() != l) {
              continue;
            }
            Map<String, FloatTensor> feed =
                YoloScore.seeds(rows, g.classes(), d.target().row(), d.target().classId());
            feed.put(YoloV8Head.IMAGE, image);
            FloatTensor expected =
                backward.run(feed, List.of(full.gradientOutput())).get(full.gradientOutput());
            worst = Math.max(worst, relativeDifference(expected, d));
          }
        }
      }
      System.out.printf(
          head
              + " head: %d detections, batched windowed vs full-size backward: max |diff| / max"
              + " |g| = %.2e%n",
          targets.size(),
          worst);
      assertThat(worst).isLessThanOrEqualTo(1e-5);

      List<DetectionExplanation> maps =
          explainer.explain(frame, targets, ExplainMethod.parse(HiResCam.NAME));
      assertThat(maps).hasSize(targets.size());
      assertThat(maps).allSatisfy(e -> assertThat(e.features()).isNotNull());
      assertThat(maps.stream().mapToDouble(e -> sum(e.raw())).max().orElse(0)).isPositive();
    }
  }

  /**
   * An export whose class scores pass an op the backward compiler has no rule for is refused when
   * the explainer is built, naming the op and the node, instead of explained wrongly.
   */
  @Test
  void aHeadWithAnOpWithoutAGradientRuleIsRefusedNamingTheNode() {
    ModelProto model = YoloV8Head.detector(SIZE, 5);
    var graph = model.getGraph().toBuilder();
    String node = null;
    for (int i = 0; i < graph.getNodeCount(); i++) {
      if (graph.getNode(i).getOpType().equals("Sigmoid")
          && graph.getNode(i).getOutput(0).startsWith("scores")) {
        graph.setNode(i, graph.getNode(i).toBuilder().setOpType("HardSigmoid"));
        node =
            graph.getNode(i).getName().isEmpty()
                ? graph.getNode(i).getOutput(0)
                : graph.getNode(i).getName();
      }
    }
    assertThat(node).as("the class scores' Sigmoid").isNotNull();
    ModelProto hard = model.toBuilder().setGraph(graph).build();
    String expectedNode = node;
    assertThatThrownBy(
            () ->
                DetectionExplainer.compile(
                        hard, YoloV8Head.OUTPUT, WindowedTargets.resolve(hard, List.of()), null)
                    .close())
        .isInstanceOfSatisfying(
            UnsupportedOpException.class,
            e -> {
              assertThat(e.opType()).isEqualTo("HardSigmoid");
              assertThat(e.node()).isEqualTo(expectedNode);
            })
        .hasMessageContaining("supported:");
  }

  /** max |full − windowed| over the full-size map, relative to the largest full gradient. */
  private static double relativeDifference(FloatTensor full, DetectionGradient d) {
    double[] absAndDiff = DetectionExplainerIT.maxAbsAndDifference(full, d.gradient());
    assertThat(absAndDiff[0]).as("detection %s has a gradient", d.target()).isPositive();
    return absAndDiff[1] / absAndDiff[0];
  }

  private static double sum(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s;
  }
}

package io.gradstream.explain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.cam.GradCam;
import io.gradstream.explain.cam.HiResCam;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OnnxGraphException;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.testing.DemoModel;
import io.gradstream.explain.testing.Frames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The full-size backward to any layer, on the real YOLOv5s and vtest.avi frame 200: at a head input
 * it gives the windowed engine's gradient; deeper, at the neck's 80×80 Concat (above two strided
 * convolutions, each behind an explicit Pad), the gradient spreads over a receptive field that
 * grows with the detection's level but stays local.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerGradientIT {
  /**
   * The demo import's Concat of the upsampled P4 path and backbone P3, input of the finest head's
   * C3: [1, 256, 80, 80].
   */
  static final String NECK_P3 = "StatefulPartitionedCall/model/tf_concat_1/concat";

  private ModelProto model;
  private DetectionExplainer explainer;
  private FloatTensor image;
  private FrameTensors frame;
  private List<ExplainTarget> targets;

  @BeforeAll
  void detect() throws Exception {
    model = OnnxModels.read(DemoModel.onnx());
    explainer = DetectionExplainer.compile(model, "output0", null);
    image = Frames.vtest(200);
    try (OrtModel detector = new OrtModel(explainer.instrumented())) {
      Map<String, FloatTensor> out = detector.run(Map.of("images", image), List.of());
      frame =
          FrameTensors.slice(
              explainer.activationNames().stream().map(out::get).toList(), out.get("output0"), 0);
    }
    targets = DetectionExplainerIT.strongestRows(frame.output(), 3); // one per level
  }

  @AfterAll
  void close() {
    explainer.close();
  }

  @Test
  void atTheHeadInputItEqualsTheWindowedGradient() {
    List<DetectionGradient> windowed = explainer.gradients(frame, targets);
    for (DetectionGradient w : windowed) {
      String layer = explainer.activationNames().get(w.location().level());
      try (LayerGradient full =
          LayerGradient.compile(model, "output0", layer, explainer.geometry())) {
        double[] absAndDiff =
            DetectionExplainerIT.maxAbsAndDifference(
                full.of(image, w.target()).gradient(), w.gradient());
        double maxAbs = absAndDiff[0];
        double maxDiff = absAndDiff[1];
        assertThat(maxAbs).as("level %d gradient", w.location().level()).isPositive();
        assertThat(maxDiff / maxAbs).as("level %d", w.location().level()).isLessThanOrEqualTo(1e-5);
      }
    }
  }

  @Test
  void atTheNeckTheGradientSpreadsOverALocalReceptiveField() {
    try (LayerGradient neck =
        LayerGradient.compile(model, "output0", NECK_P3, explainer.geometry())) {
      for (ExplainTarget t : targets) {
        RowLocation at = explainer.geometry().locate(t.row());
        int scale =
            explainer.geometry().levels().get(at.level()).stride() / 8; // neck cells per head cell
        LayerGradient.Result r = neck.of(image, t);
        assertThat(r.activation().shape()).containsExactly(1, 256, 80, 80);
        int plane = 80 * 80;
        int support = 0;
        int reach = 0;
        for (int i = 0; i < plane; i++) {
          boolean nonZero = false;
          for (int c = 0; c < 256 && !nonZero; c++) {
            nonZero = r.gradient().data()[c * plane + i] != 0;
          }
          if (nonZero) {
            support++;
            // Distance, in neck cells, from the centre of the detection's head cell.
            double dy = Math.abs(i / 80 + 0.5 - (at.cy() + 0.5) * scale);
            double dx = Math.abs(i % 80 + 0.5 - (at.cx() + 0.5) * scale);
            reach = (int) Math.max(reach, Math.ceil(Math.max(dy, dx)));
          }
        }
        System.out.printf(
            "level %d detection: gradient at the neck on %d cells, reaching %d cells from the centre%n",
            at.level(), support, reach);
        // One 3x3 conv (in the C3) to the finest head; a strided 3x3 conv and a C3's 3x3 per level
        // above
        // it. The strided convs pad only on the far side (TF's SAME), so the field leans that way.
        int bound = new int[] {1, 5, 12}[at.level()];
        assertThat(support).isGreaterThan(1);
        assertThat(reach).isLessThanOrEqualTo(bound);
        float[] hires = HiResCam.ofFullGradient(r.activation(), r.gradient());
        for (int i = 0; i < plane; i++) {
          assertThat(hires[i]).isGreaterThanOrEqualTo(0f);
        }
        assertThat(GradCam.ofFullGradient(r.activation(), r.gradient())).hasSize(plane);
      }
    }
  }

  @Test
  void aLayerThatIsNotInTheGraphIsRefusedNamingIt() {
    assertThatThrownBy(
            () -> LayerGradient.compile(model, "output0", "no/such/layer", explainer.geometry()))
        .isInstanceOf(OnnxGraphException.class)
        .hasMessageContaining("no/such/layer");
  }

  @Test
  void aLayerWithoutAMapShapeIsRefusedAtCompile() {
    // The decoded output rows are differentiable but 3-D: no map to draw.
    assertThatThrownBy(
            () -> LayerGradient.compile(model, "output0", "output0", explainer.geometry()))
        .isInstanceOf(OnnxGraphException.class)
        .hasMessageContaining("'output0' is 3-D");
  }
}

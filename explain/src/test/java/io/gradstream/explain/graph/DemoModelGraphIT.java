package io.gradstream.explain.graph;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.testing.DemoModel;
import io.gradstream.explain.testing.Frames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph toolkit on the real demo model: find the head, expose it, cut it, run it. */
@Tag("e2e")
class DemoModelGraphIT {

  @Test
  void headLevelsFromMetadataAndByWalkingBackAgree() throws Exception {
    ModelProto model = OnnxModels.read(DemoModel.onnx());
    List<HeadLevel> fromMetadata = DetectionHeads.find(model);
    assertThat(fromMetadata).hasSize(3);
    assertThat(fromMetadata.get(0).input()).endsWith("tfc3_5/tf_conv_42/mul");
    ModelProto bare = model.toBuilder().clearMetadataProps().build();
    assertThat(DetectionHeads.find(bare)).isEqualTo(fromMetadata);
  }

  @Test
  void namedTargetLayersPairWithTheHeadConvsOfTheirLevels() throws Exception {
    ModelProto model = OnnxModels.read(DemoModel.onnx());
    List<HeadLevel> found = DetectionHeads.find(model);
    List<String> named = found.stream().map(HeadLevel::input).toList();
    assertThat(DetectionHeads.withTargets(model, named)).isEqualTo(found);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DetectionHeads.withTargets(model, named.subList(0, 2)))
        .hasMessageContaining("one target layer per head level")
        .hasMessageContaining("3 levels");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DetectionHeads.withTargets(model, List.of("a", "b", "c")))
        .hasMessageContaining("'a' is not a tensor of this model");
  }

  @Test
  void headInputsAsExtraOutputsAndTheCutHeadReproducesOutput0(@TempDir Path dir) throws Exception {
    ModelProto model = OnnxModels.read(DemoModel.onnx());
    List<String> inputs = DetectionHeads.find(model).stream().map(HeadLevel::input).toList();
    Path extended = dir.resolve("with-head.onnx");
    OnnxModels.write(GraphEdits.withOutputs(model, inputs), extended);
    Map<String, FloatTensor> out;
    try (OrtModel ort = new OrtModel(OnnxModels.read(extended))) {
      out = ort.run(Map.of("images", Frames.vtest(200)), List.of());
    }
    assertThat(out.get(inputs.get(0)).shape()).containsExactly(1, 128, 80, 80);
    assertThat(out.get(inputs.get(1)).shape()).containsExactly(1, 256, 40, 40);
    assertThat(out.get(inputs.get(2)).shape()).containsExactly(1, 512, 20, 20);
    ModelProto head = GraphEdits.cut(model, inputs, List.of("output0"));
    assertThat(head.getGraph().getNodeCount()).isLessThan(60);
    try (OrtModel ort = new OrtModel(head)) {
      Map<String, FloatTensor> feed =
          Map.of(
              inputs.get(0),
              out.get(inputs.get(0)),
              inputs.get(1),
              out.get(inputs.get(1)),
              inputs.get(2),
              out.get(inputs.get(2)));
      FloatTensor output0 = ort.run(feed, List.of()).get("output0");
      assertThat(output0.shape()).containsExactly(1, 25200, 85);
      float maxDiff = 0;
      for (int i = 0; i < output0.data().length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(output0.data()[i] - out.get("output0").data()[i]));
      }
      assertThat(maxDiff).isLessThan(1e-5f);
    }
  }
}

package io.gradstream.explain.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphToolkitTest {
  private final ModelProto tiny = TinyModels.convSigmoid();
  private final FloatTensor x = TinyModels.random(7, 1, 2, 4, 4);

  @Test
  void indexFindsProducersConsumersAndInitializers() {
    GraphIndex index = new GraphIndex(tiny.getGraph());
    String feat = "feat";
    assertThat(index.producer(feat).map(NodeProto::getOpType)).contains("Conv");
    assertThat(index.consumers(feat)).extracting(NodeProto::getOpType).containsExactly("Sigmoid");
    assertThat(index.consumers("x"))
        .extracting(NodeProto::getOpType)
        .containsExactly("Conv", "Relu");
    assertThat(index.initializers()).hasSize(3);
    assertThat(index.has("nope")).isFalse();
  }

  @Test
  void extraOutputsComeBackFromOrt() {
    String feat = "feat";
    try (OrtModel ort = new OrtModel(GraphEdits.withOutputs(tiny, List.of(feat)))) {
      Map<String, FloatTensor> out = ort.run(Map.of("x", x), List.of());
      assertThat(out.keySet()).containsExactly("y", "side", feat);
      assertThat(out.get(feat).shape()).containsExactly(1, 3, 4, 4);
    }
    assertThatThrownBy(() -> GraphEdits.withOutputs(tiny, List.of("nope")))
        .hasMessageContaining("'nope'");
  }

  @Test
  void cutKeepsOnlyThePathAndComputesTheSameValues() {
    String feat = "feat";
    ModelProto head = GraphEdits.cut(tiny, List.of(feat), List.of("y"));
    assertThat(head.getGraph().getNodeList())
        .extracting(NodeProto::getOpType)
        .containsExactly("Sigmoid", "Mul");
    assertThat(head.getGraph().getInitializerList()).hasSize(1);
    FloatTensor featValue;
    FloatTensor y;
    try (OrtModel full = new OrtModel(GraphEdits.withOutputs(tiny, List.of(feat)))) {
      var out = full.run(Map.of("x", x), List.of(feat, "y"));
      featValue = out.get(feat);
      y = out.get("y");
    }
    try (OrtModel cut = new OrtModel(head)) {
      assertThat(cut.run(Map.of(feat, featValue), List.of()).get("y")).isEqualTo(y);
    }
  }

  @Test
  void cutRefusesAnOutputThatNeedsAValueOutsideTheCut() {
    String feat = "feat";
    assertThatThrownBy(() -> GraphEdits.cut(tiny, List.of(feat), List.of("side")))
        .isInstanceOf(OnnxGraphException.class)
        .hasMessageContaining("'x'");
  }

  @Test
  void shapeProbeReportsEveryIntermediate() {
    Map<String, long[]> shapes = ShapeProbe.shapes(tiny, Map.of("x", x), List.of());
    assertThat(shapes).containsKeys("feat", "sig", "y", "side", "x");
    assertThat(shapes.get("sig")).containsExactly(1, 3, 4, 4);
  }

  @Test
  void writeThenReadGivesTheSameModel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m/tiny.onnx");
    OnnxModels.write(tiny, file);
    assertThat(OnnxModels.read(file)).isEqualTo(tiny);
    assertThat(OnnxModels.metadataList(tiny, "gradstream.head_inputs")).isEmpty();
  }
}

package io.gradstream.explain.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.testing.DemoModel;
import io.gradstream.explain.testing.Frames;
import io.gradstream.explain.yolo.BoxUnits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The explainer built from a model alone (no detector to ask) tells normalised boxes from the
 * numbers when the importer's tag is missing: the demo model (normalised boxes) without its
 * box-units entry measures every map against the same boxes as with it.
 */
@Tag("e2e")
class BoxUnitsFromNumbersIT {
  @Test
  void anUntaggedNormalisedExportGetsTheSameQualityAsTheTaggedOne() throws Exception {
    ModelProto tagged = OnnxModels.read(DemoModel.onnx());
    ModelProto untagged =
        tagged.toBuilder()
            .clearMetadataProps()
            .addAllMetadataProps(
                tagged.getMetadataPropsList().stream()
                    .filter(p -> !p.getKey().equals(BoxUnits.METADATA_KEY))
                    .toList())
            .build();
    assertThat(BoxUnits.declared(tagged)).isEqualTo(BoxUnits.NORMALISED);
    assertThat(BoxUnits.declared(untagged)).isEqualTo(BoxUnits.AUTO);
    try (DetectionExplainer a = DetectionExplainer.compile(tagged, "output0", null);
        DetectionExplainer b = DetectionExplainer.compile(untagged, "output0", null);
        OrtModel detector = new OrtModel(a.instrumented())) {
      Map<String, io.gradstream.explain.graph.FloatTensor> out =
          detector.run(Map.of("images", Frames.vtest(200)), List.of());
      FrameTensors frame =
          a.frame(a.instrumentedOutputs().stream().map(out::get).toList(), out.get("output0"), 0);
      List<ExplainTarget> targets = StrongestTargets.of(frame.output(), a.geometry(), 8);
      ExplainMethod method = ExplainMethod.parse("hirescam");
      List<DetectionExplanation> withTag = a.explain(frame, targets, method);
      List<DetectionExplanation> withoutTag = b.explain(frame, targets, method);
      for (int i = 0; i < targets.size(); i++) {
        assertThat(withoutTag.get(i).quality()).isEqualTo(withTag.get(i).quality());
        assertThat(withoutTag.get(i).features().values())
            .isEqualTo(withTag.get(i).features().values());
      }
      // And the units matter: measured against the boxes read as pixels, the quality differs.
      try (DetectionExplainer pixels =
          DetectionExplainer.compile(
              tagged,
              "output0",
              a.geometry().levels().stream().map(LevelGeometry::names).toList(),
              false,
              null)) {
        assertThat(
                pixels.explain(frame, targets, method).stream()
                    .map(DetectionExplanation::quality)
                    .toList())
            .isNotEqualTo(withTag.stream().map(DetectionExplanation::quality).toList());
      }
    }
  }
}

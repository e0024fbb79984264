package io.gradstream.inference.explain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.inference.testing.DemoModel;
import io.gradstream.inference.testing.RealFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explainer measures each map against the box the detector found, in the units the detector
 * resolved: the demo model (normalised boxes) with gradstream's box-units metadata stripped, as an
 * export from elsewhere would come, explains exactly as it does with the metadata.
 */
@Tag("e2e")
class BoxUnitsAgreeIT {
  @TempDir Path dir;

  @Test
  void aNormalisedExportWithoutMetadataGetsTheSameMapsAndQuality() throws Exception {
    ModelLocation demo = DemoModel.location();
    ModelProto model = OnnxModels.read(demo.model());
    ModelProto stripped =
        model.toBuilder()
            .clearMetadataProps()
            .addAllMetadataProps(
                model.getMetadataPropsList().stream()
                    .filter(
                        p -> !p.getKey().equals(io.gradstream.explain.yolo.BoxUnits.METADATA_KEY))
                    .toList())
            .build();
    assertThat(stripped.getMetadataPropsCount())
        .as("the box-units entry is gone")
        .isEqualTo(model.getMetadataPropsCount() - 1);
    Path bare = dir.resolve("bare.onnx");
    Files.write(bare, stripped.toByteArray());
    Files.copy(demo.labels(), dir.resolve("bare.labels"));

    DetectorOptions options = DetectorOptions.defaults().withExplainMethod("hirescam");
    BgrImage frame = RealFrames.videoFrame(ExplainedDetectionsIT.VTEST, 200);
    try (OnnxYoloDetector withMetadata = OnnxYoloDetector.open(demo, options);
        OnnxYoloDetector without =
            OnnxYoloDetector.open(
                new ModelLocation(bare, dir.resolve("bare.labels"), false), options)) {
      assertThat(without.boxUnits())
          .as("told from the output numbers")
          .isEqualTo(BoxUnits.NORMALISED);
      List<Detection> a = withMetadata.detectAndExplain(List.of(frame)).get(0).detections();
      List<Detection> b = without.detectAndExplain(List.of(frame)).get(0).detections();
      assertThat(b).hasSameSizeAs(a).isNotEmpty();
      for (int i = 0; i < a.size(); i++) {
        assertThat(b.get(i).explanation().quality())
            .as("detection %d's map quality", i)
            .isEqualTo(a.get(i).explanation().quality());
        assertThat(b.get(i).explanation().features().values())
            .isEqualTo(a.get(i).explanation().features().values());
      }
    }
  }
}

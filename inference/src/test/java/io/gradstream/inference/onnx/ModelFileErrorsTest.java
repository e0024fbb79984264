package io.gradstream.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.inference.detect.ModelLoadException;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.testing.TinyYoloModels;
import io.gradstream.inference.testing.TinyYoloModels.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that cannot be used fails at load with a message naming the file and what is wrong with
 * it.
 */
class ModelFileErrorsTest {
  @TempDir Path dir;

  private OnnxYoloDetector open(Path model) {
    return OnnxYoloDetector.open(
        ModelLocation.resolve(model.toString(), "", dir),
        DetectorOptions.defaults().withInputSize(64));
  }

  private Path validModel() {
    return TinyYoloModels.writeV8(
        dir.resolve("good.onnx"), 64, 2, YoloV8DetectorTest.BOXES, false, Batch.DYNAMIC);
  }

  @Test
  void aMissingFileIsNamedWithTheSettingToCheck() {
    Path missing = dir.resolve("nope.onnx");
    assertThatThrownBy(() -> open(missing))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("inference.model");
  }

  @Test
  void anEmptyFileIsReportedAsEmpty() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.onnx"));
    assertThatThrownBy(() -> open(empty))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("empty");
  }

  @Test
  void aTruncatedModelIsReportedAsTruncated() throws Exception {
    byte[] whole = Files.readAllBytes(validModel());
    Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length * 2 / 3));
    assertThatThrownBy(() -> open(cut))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void aTensorFlowJsModelJsonIsRecognisedAsNotOnnx() throws Exception {
    Path json =
        Files.writeString(
            dir.resolve("model.onnx"), "{\"format\": \"graph-model\", \"modelTopology\": {}}");
    assertThatThrownBy(() -> open(json))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContaining("JSON, not ONNX");
  }

  @Test
  void randomBytesAreReportedAsNotOnnx() throws Exception {
    byte[] noise = new byte[4096];
    new Random(3).nextBytes(noise);
    noise[0] = 0x42;
    Path random = Files.write(dir.resolve("noise.onnx"), noise);
    assertThatThrownBy(() -> open(random))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(random.toString())
        .hasMessageMatching("(?s).*not an ONNX.*");
  }

  @Test
  void labelsThatDoNotFitTheModelAreReportedAtLoad() {
    Path model = validModel();
    TinyYoloModels.writeLabels(dir.resolve("good.labels"), "person", "bicycle", "car");
    assertThatThrownBy(() -> open(model))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(model.toString())
        .hasMessageContaining("C=3")
        .hasMessageContaining("labels");
  }

  @Test
  void aMissingConfiguredLabelsFileIsAnError() {
    Path model = validModel();
    assertThatThrownBy(
            () ->
                OnnxYoloDetector.open(
                    ModelLocation.resolve(
                        model.toString(), dir.resolve("coco.names").toString(), dir),
                    DetectorOptions.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("coco.names")
        .hasMessageContaining("inference.labels");
  }

  @Test
  void aModelWithoutALabelsFileGetsGenericClassNames() {
    try (OnnxYoloDetector detector = open(validModel())) {
      assertThat(detector.labels()).isEqualTo(List.of("class0", "class1"));
    }
  }
}

package io.gradstream.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoTest {
  @TempDir
  Path dir;

  @Test
  void tellsYoloLayoutsApartByTheOutputShape() {
    TensorInfo v5 = new TensorInfo("output0", "float", List.of("N", "25200", "85"));
    TensorInfo v8 = new TensorInfo("output0", "float", List.of("1", "84", "8400"));
    TensorInfo other = new TensorInfo("scores", "float", List.of("1", "896", "1"));

    assertThat(DetectionLayout.of(v5)).isEqualTo(DetectionLayout.V5);
    assertThat(DetectionLayout.V5.classes(v5)).isEqualTo(80);
    assertThat(DetectionLayout.of(v8)).isEqualTo(DetectionLayout.V8);
    assertThat(DetectionLayout.V8.classes(v8)).isEqualTo(80);
    assertThat(DetectionLayout.of(other)).isEqualTo(DetectionLayout.UNKNOWN);
  }

  @Test
  void describesAnImportedModelFromTheFileAlone() throws Exception {
    TinyTfjsModel m = new TinyTfjsModel().placeholder("input_1", 1, 4, 4, 3)
        .floats("w", new int[] {1, 1, 3, 7}, new float[21]).floats("b", new int[] {7}, new float[7])
        .ints("shape", new int[] {3}, -1, 16, 7);
    m.fusedConv("head/conv", "input_1", "w", "b", "SAME", 1);
    m.op("head/flat", "Reshape", "head/conv", "shape");
    Path onnx = dir.resolve("tiny.onnx");
    TfjsModelImporter.importModel(m.write(dir.resolve("tfjs")), onnx);

    ModelInfo info = ModelInfo.read(onnx);

    assertThat(info.inputs()).extracting(TensorInfo::toString).containsExactly("images float[N,3,4,4]");
    assertThat(info.outputs()).extracting(TensorInfo::toString).containsExactly("output0 float[N,16,7]");
    assertThat(info.layout()).isEqualTo(DetectionLayout.V5);
    assertThat(info.classes()).isEqualTo(2);
    assertThat(info.opset()).isEqualTo(13);
    assertThat(info.producer()).startsWith("gradstream");
    assertThat(info.headInputs()).extracting(TensorInfo::toString).containsExactly("images float[N,3,4,4]");
    assertThat(info.parameters()).isEqualTo(21 + 7);
    assertThat(info.batchSymbolic()).isTrue();
  }

  @Test
  void aFileThatIsNotOnnxIsNamed() throws Exception {
    Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "<html>404 Not Found</html>");

    assertThatThrownBy(() -> ModelInfo.read(notOnnx))
        .isInstanceOf(ModelException.class).hasMessageContaining(notOnnx + " is not an ONNX model");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ModelInfo.read(dir.resolve("nope.onnx")))
        .isInstanceOf(ModelException.class).hasMessage("no ONNX model at " + dir.resolve("nope.onnx") + ": the file does not exist");
  }
}

package io.gradstream.modelimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoTest {
  @TempDir Path dir;

  @Test
  void tellsYoloLayoutsApartByTheOutputShape() {
    long[] v5 = {-1, 25200, 85};
    long[] v8 = {1, 84, 8400};
    long[] blazeFaceScores = {1, 896, 1};

    assertThat(YoloLayout.of(v5)).contains(YoloLayout.V5);
    assertThat(YoloLayout.V5.classCount(v5)).isEqualTo(80);
    assertThat(YoloLayout.of(v8)).contains(YoloLayout.V8);
    assertThat(YoloLayout.V8.classCount(v8)).isEqualTo(80);
    assertThat(YoloLayout.of(blazeFaceScores)).isEmpty();
  }

  @Test
  void describesAnImportedModelFromTheFileAlone() throws Exception {
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, 4, 4, 3)
            .floats("w", new int[] {1, 1, 3, 7}, new float[21])
            .floats("b", new int[] {7}, new float[7])
            .ints("shape", new int[] {3}, -1, 16, 7);
    m.fusedConv("head/conv", "input_1", "w", "b", "SAME", 1);
    m.op("head/flat", "Reshape", "head/conv", "shape");
    Path onnx = dir.resolve("tiny.onnx");
    TfjsModelImporter.importModel(m.write(dir.resolve("tfjs")), onnx);

    ModelInfo info = ModelInfo.read(onnx);

    assertThat(info.inputs())
        .extracting(TensorInfo::toString)
        .containsExactly("images float[N,3,4,4]");
    assertThat(info.outputs())
        .extracting(TensorInfo::toString)
        .containsExactly("output0 float[N,16,7]");
    assertThat(info.layout()).contains(YoloLayout.V5);
    assertThat(info.classes()).isEqualTo(2);
    assertThat(info.opset()).isEqualTo(13);
    assertThat(info.producer()).startsWith("gradstream");
    assertThat(info.headInputs())
        .extracting(TensorInfo::toString)
        .containsExactly("images float[N,3,4,4]");
    assertThat(info.parameters()).isEqualTo(21 + 7);
    assertThat(info.batchSymbolic()).isTrue();
  }

  @Test
  void aFileThatIsNotOnnxIsNamed() throws Exception {
    Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "<html>404 Not Found</html>");

    assertThatThrownBy(() -> ModelInfo.read(notOnnx))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(notOnnx + " is not an ONNX model");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ModelInfo.read(dir.resolve("nope.onnx")))
        .isInstanceOf(ModelException.class)
        .hasMessage("no ONNX model at " + dir.resolve("nope.onnx") + ": the file does not exist");
  }
}

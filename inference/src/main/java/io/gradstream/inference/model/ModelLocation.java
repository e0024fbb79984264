package io.gradstream.inference.model;

import io.gradstream.common.config.InferenceConfig;
import java.nio.file.Path;

/**
 * Where the detector model and its class names are, from {@code inference.model} and {@code
 * inference.labels}: an empty model means the demo model that {@code ./scripts/setup.sh} imports,
 * an empty labels path the {@code .labels} file beside the model. A leading {@code ~/} means the
 * user's home. One place for this rule, so the worker and {@code gradstream detect} agree.
 *
 * @param model the ONNX file
 * @param labels the class names file, one per line
 * @param labelsExplicit true when the configuration named the labels file (then it must exist);
 *     false for the file beside the model (a model without one gets generic names)
 */
public record ModelLocation(Path model, Path labels, boolean labelsExplicit) {

  /** The demo model's file name in {@link #defaultModelDirectory}. */
  public static final String DEMO_MODEL_FILE = "yolov5s.onnx";

  /** {@code ~/.cache/gradstream/models}: where setup puts imported models. */
  public static Path defaultModelDirectory(Path home) {
    return home.resolve(".cache").resolve("gradstream").resolve("models");
  }

  /** Resolves against the current user's home directory. */
  public static ModelLocation resolve(InferenceConfig config) {
    return resolve(config.model(), config.labels(), Path.of(System.getProperty("user.home")));
  }

  /** Resolves configured paths (either may be empty or null) against {@code home}. */
  public static ModelLocation resolve(String model, String labels, Path home) {
    Path modelPath =
        isBlank(model) ? defaultModelDirectory(home).resolve(DEMO_MODEL_FILE) : expand(model, home);
    if (isBlank(labels)) {
      return new ModelLocation(modelPath, labelsBeside(modelPath), false);
    }
    return new ModelLocation(modelPath, expand(labels, home), true);
  }

  /** {@code dir/name.onnx} to {@code dir/name.labels}. */
  public static Path labelsBeside(Path model) {
    String name = model.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".labels");
  }

  /**
   * True when this is the demo model's default place, so a missing file means setup has not run.
   */
  public boolean isDemoModel(Path home) {
    return model.equals(defaultModelDirectory(home).resolve(DEMO_MODEL_FILE));
  }

  private static Path expand(String path, Path home) {
    String p = path.strip();
    if (p.equals("~")) {
      return home;
    }
    return p.startsWith("~/") ? home.resolve(p.substring(2)) : Path.of(p);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}

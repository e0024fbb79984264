package io.gradstream.inference.onnx;

import io.gradstream.common.config.ExplainConfig;
import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.reliability.ReliabilityModel;
import io.gradstream.inference.detect.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and reads the reliability model for a detector, as {@code
 * inference.explain.reliability-model} says. A model that is merely missing beside the detector
 * leaves detections without a reliability score (and says so once); one that was named explicitly
 * and cannot be used stops the start, since the operator asked for it.
 */
final class ReliabilityFile {
  private static final Logger log = LoggerFactory.getLogger(ReliabilityFile.class);

  private ReliabilityFile() {}

  /**
   * @param detector the detector's model file
   * @param setting the configured file, empty for the one beside the detector, {@value
   *     ExplainConfig#NO_RELIABILITY} for none
   * @param method the explanation method the worker runs
   * @param layers the explainer's target layers, finest level first
   * @return the model, or null for no reliability score
   */
  static ReliabilityModel load(
      Path detector, String modelId, String setting, ExplainMethod method, List<String> layers) {
    if (setting.equals(ExplainConfig.NO_RELIABILITY)) {
      return null;
    }
    if (method instanceof ExplainMethod.EigenCamMap) {
      log.info(
          "event=reliability-off model={} reason=\"eigencam has no gradient, which the reliability features read\"",
          modelId);
      return null;
    }
    boolean explicit = !setting.isEmpty();
    Path file = explicit ? Path.of(setting) : ReliabilityModel.besideModel(detector);
    if (!explicit && !Files.isRegularFile(file)) {
      log.info(
          "event=reliability-off model={} reason=\"no {} beside the model; `gradstream calibrate` fits one\"",
          modelId,
          file.getFileName());
      return null;
    }
    ReliabilityModel model;
    try {
      model = ReliabilityModel.read(file);
    } catch (IOException e) {
      return refuse(explicit, modelId, e.getMessage() + "; refit it with `gradstream calibrate`");
    }
    if (!model.layers().equals(layers)) {
      return refuse(
          explicit,
          modelId,
          "reliability model "
              + file
              + " was fitted on the gradients of "
              + model.layers()
              + ", but the worker explains at "
              + layers
              + "; run `gradstream calibrate` with these target layers, or set "
              + "inference.explain.target-layers to the model's");
    }
    return model;
  }

  private static ReliabilityModel refuse(boolean explicit, String modelId, String reason) {
    if (explicit) {
      throw new ModelLoadException("inference.explain.reliability-model: " + reason);
    }
    log.warn("event=reliability-off model={} reason=\"{}\"", modelId, reason.replace('"', '\''));
    return null;
  }
}

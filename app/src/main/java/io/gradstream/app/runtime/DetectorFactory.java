package io.gradstream.app.runtime;

import io.gradstream.common.config.InferenceConfig;
import io.gradstream.inference.detect.Detector;

/** Makes the detector the inference role runs, from the {@code inference} configuration. */
@FunctionalInterface
public interface DetectorFactory {

  /**
   * Loads the model {@code config} names.
   *
   * @throws RuntimeException with a sentence for the operator when the model cannot be loaded
   */
  Detector create(InferenceConfig config);
}

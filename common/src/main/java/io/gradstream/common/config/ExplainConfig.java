package io.gradstream.common.config;

import java.util.List;

/**
 * The explanation attached to every detection by the inference worker.
 *
 * @param enabled whether the worker explains detections at all
 * @param method gradcam, hirescam, gradcam++ (from one batched backward) or eigencam
 *     (gradient-free)
 * @param targetLayers the tensors the maps are computed on, one per head level, finest first; empty
 *     for the tensors entering the detection head, found automatically
 * @param reliabilityModel the reliability model file ({@code gradstream calibrate} writes it);
 *     empty for NAME.reliability.json beside the model NAME.onnx when it exists, {@value
 *     #NO_RELIABILITY} for none
 */
public record ExplainConfig(
    boolean enabled, String method, List<String> targetLayers, String reliabilityModel) {
  /** The {@code reliability-model} value that turns the reliability score off. */
  public static final String NO_RELIABILITY = "none";

  public ExplainConfig {
    targetLayers = List.copyOf(targetLayers);
    reliabilityModel = reliabilityModel == null ? "" : reliabilityModel;
  }

  /**
   * The methods the worker can run per frame; D-RISE is an offline audit ({@code gradstream
   * explain}).
   */
  public static final List<String> METHODS =
      List.of("gradcam", "hirescam", "gradcam++", "eigencam");
}

package io.gradstream.inference.onnx;

import io.gradstream.common.config.InferenceConfig;
import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.inference.translate.yolo.YoloOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How {@link OnnxYoloDetector} loads and runs a model.
 *
 * @param inputSize square input side; a model with a fixed input size overrides it
 * @param confidenceThreshold detections below this score are dropped
 * @param iouThreshold NMS overlap above which same-class boxes are merged
 * @param maxDetections per image, the highest scores
 * @param executionProviders tried in order, the first that works runs the model
 * @param intraOpThreads threads inside one inference, 0 for ONNX Runtime's default
 * @param boxUnits box coordinate units; {@link BoxUnits#AUTO} decides at load
 * @param explainMethod the map attached to each detection; empty for none
 * @param targetLayers the explainer's target layers, one per head level; empty for automatic
 * @param tensorrtEngineCache where the TensorRT provider keeps its engines; null for no cache
 * @param reliabilityModel the reliability model file; empty for the one beside the model, "none"
 *     for none (as {@code inference.explain.reliability-model})
 */
public record DetectorOptions(
    int inputSize,
    float confidenceThreshold,
    float iouThreshold,
    int maxDetections,
    List<ExecutionProvider> executionProviders,
    int intraOpThreads,
    BoxUnits boxUnits,
    Optional<ExplainMethod> explainMethod,
    List<String> targetLayers,
    Path tensorrtEngineCache,
    String reliabilityModel) {

  public DetectorOptions {
    executionProviders = List.copyOf(executionProviders);
    targetLayers = List.copyOf(targetLayers);
    reliabilityModel = reliabilityModel == null ? "" : reliabilityModel;
    if (inputSize <= 0) {
      throw new IllegalArgumentException("input size must be positive, got " + inputSize);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "intra-op threads must be 0 (default) or more, got " + intraOpThreads);
    }
  }

  /**
   * The documented defaults: 640 px, 0.25, 0.45, 300 per image, cpu, all cores, units from the
   * model, no explanations.
   */
  public static DetectorOptions defaults() {
    return new DetectorOptions(
        640,
        0.25f,
        0.45f,
        YoloOptions.DEFAULT_MAX_DETECTIONS,
        List.of(ExecutionProvider.CPU),
        0,
        BoxUnits.AUTO,
        Optional.empty(),
        List.of(),
        null,
        "");
  }

  /** The options {@code inference.*} asks for. */
  public static DetectorOptions from(InferenceConfig config) {
    return new DetectorOptions(
        config.inputSize(),
        (float) config.confidenceThreshold(),
        (float) config.iouThreshold(),
        YoloOptions.DEFAULT_MAX_DETECTIONS,
        config.executionProviders().stream().map(ExecutionProvider::parse).toList(),
        config.intraOpThreads(),
        BoxUnits.AUTO,
        config.explain().enabled()
            ? Optional.of(ExplainMethod.parse(config.explain().method()))
            : Optional.empty(),
        config.explain().targetLayers(),
        config.tensorrtEngineCache().isEmpty() ? null : Path.of(config.tensorrtEngineCache()),
        config.explain().reliabilityModel());
  }

  public DetectorOptions withInputSize(int size) {
    return new DetectorOptions(
        size,
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        executionProviders,
        intraOpThreads,
        boxUnits,
        explainMethod,
        targetLayers,
        tensorrtEngineCache,
        reliabilityModel);
  }

  public DetectorOptions withConfidenceThreshold(float threshold) {
    return new DetectorOptions(
        inputSize,
        threshold,
        iouThreshold,
        maxDetections,
        executionProviders,
        intraOpThreads,
        boxUnits,
        explainMethod,
        targetLayers,
        tensorrtEngineCache,
        reliabilityModel);
  }

  public DetectorOptions withExecutionProviders(List<ExecutionProvider> providers) {
    return new DetectorOptions(
        inputSize,
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        providers,
        intraOpThreads,
        boxUnits,
        explainMethod,
        targetLayers,
        tensorrtEngineCache,
        reliabilityModel);
  }

  public DetectorOptions withIntraOpThreads(int threads) {
    return new DetectorOptions(
        inputSize,
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        executionProviders,
        threads,
        boxUnits,
        explainMethod,
        targetLayers,
        tensorrtEngineCache,
        reliabilityModel);
  }

  public DetectorOptions withBoxUnits(BoxUnits units) {
    return new DetectorOptions(
        inputSize,
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        executionProviders,
        intraOpThreads,
        units,
        explainMethod,
        targetLayers,
        tensorrtEngineCache,
        reliabilityModel);
  }

  /**
   * The same with explanations by the method named {@code method}, or none when empty.
   *
   * @throws IllegalArgumentException for an unknown name, naming the methods there are
   */
  public DetectorOptions withExplainMethod(String method) {
    return new DetectorOptions(
        inputSize,
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        executionProviders,
        intraOpThreads,
        boxUnits,
        method.isEmpty() ? Optional.empty() : Optional.of(ExplainMethod.parse(method)),
        targetLayers,
        tensorrtEngineCache,
        reliabilityModel);
  }

  /** The same with the reliability model {@code file} (empty: beside the model; "none": none). */
  public DetectorOptions withReliabilityModel(String file) {
    return new DetectorOptions(
        inputSize,
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        executionProviders,
        intraOpThreads,
        boxUnits,
        explainMethod,
        targetLayers,
        tensorrtEngineCache,
        file);
  }

  /** The same with TensorRT engines cached in {@code dir} (null: no cache). */
  public DetectorOptions withTensorrtEngineCache(Path dir) {
    return new DetectorOptions(
        inputSize,
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        executionProviders,
        intraOpThreads,
        boxUnits,
        explainMethod,
        targetLayers,
        dir,
        reliabilityModel);
  }

  /** Whether detections get explanations. */
  public boolean explains() {
    return explainMethod.isPresent();
  }

  /** The post-processing part. */
  public YoloOptions yoloOptions() {
    return new YoloOptions(confidenceThreshold, iouThreshold, maxDetections, boxUnits);
  }
}

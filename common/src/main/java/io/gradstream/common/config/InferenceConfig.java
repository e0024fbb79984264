package io.gradstream.common.config;

import java.util.List;

/**
 * The detector and the inference worker.
 *
 * @param model ONNX model file; empty for the demo model imported by setup
 * @param labels class names file, one per line; empty for the file beside the model
 * @param inputSize square model input in pixels, a multiple of 32
 * @param confidenceThreshold detections below this score are dropped
 * @param iouThreshold NMS overlap above which boxes of one class are merged
 * @param executionProviders ONNX Runtime providers to try in order: cpu, cuda, tensorrt
 * @param intraOpThreads threads inside one inference, 0 for ONNX Runtime's choice
 * @param maxFrameAgeMs older frames are dropped on arrival
 * @param batch micro-batching across cameras
 * @param consumerGroup Kafka consumer group shared by the workers
 * @param explain the map and quality attached to each detection
 * @param maxFramePixels frames with more pixels (declared, or in the JPEG header) go to the
 *     dead-letter topic undecoded
 * @param tensorrtEngineCache directory where ONNX Runtime's TensorRT provider keeps the engines it
 *     builds, so a restart loads them instead of building them again (minutes); empty for no cache
 */
public record InferenceConfig(
    String model,
    String labels,
    int inputSize,
    double confidenceThreshold,
    double iouThreshold,
    List<String> executionProviders,
    int intraOpThreads,
    long maxFrameAgeMs,
    BatchConfig batch,
    String consumerGroup,
    ExplainConfig explain,
    long maxFramePixels,
    String tensorrtEngineCache) {
  /**
   * 4096 x 4096: room for 4K UHD (3840 x 2160) and DCI 4K, 48 MiB of BGR per decoded frame at most.
   */
  public static final long DEFAULT_MAX_FRAME_PIXELS = 4096L * 4096;

  public InferenceConfig {
    executionProviders = List.copyOf(executionProviders);
    tensorrtEngineCache = tensorrtEngineCache == null ? "" : tensorrtEngineCache;
  }

  /** Settings without a TensorRT engine cache. */
  public InferenceConfig(
      String model,
      String labels,
      int inputSize,
      double confidenceThreshold,
      double iouThreshold,
      List<String> executionProviders,
      int intraOpThreads,
      long maxFrameAgeMs,
      BatchConfig batch,
      String consumerGroup,
      ExplainConfig explain,
      long maxFramePixels) {
    this(
        model,
        labels,
        inputSize,
        confidenceThreshold,
        iouThreshold,
        executionProviders,
        intraOpThreads,
        maxFrameAgeMs,
        batch,
        consumerGroup,
        explain,
        maxFramePixels,
        "");
  }

  /** Settings with the default frame pixel limit. */
  public InferenceConfig(
      String model,
      String labels,
      int inputSize,
      double confidenceThreshold,
      double iouThreshold,
      List<String> executionProviders,
      int intraOpThreads,
      long maxFrameAgeMs,
      BatchConfig batch,
      String consumerGroup,
      ExplainConfig explain) {
    this(
        model,
        labels,
        inputSize,
        confidenceThreshold,
        iouThreshold,
        executionProviders,
        intraOpThreads,
        maxFrameAgeMs,
        batch,
        consumerGroup,
        explain,
        DEFAULT_MAX_FRAME_PIXELS);
  }
}

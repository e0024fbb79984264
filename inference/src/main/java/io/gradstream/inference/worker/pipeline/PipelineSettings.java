package io.gradstream.inference.worker.pipeline;

import io.gradstream.common.config.InferenceConfig;
import java.time.Duration;

/**
 * How the pipeline batches and buffers.
 *
 * @param maxFrameAge   frames older than this (capture time to now) are dropped before decoding
 * @param batchMaxSize  most frames per detector call
 * @param batchMaxWait  longest wait for a batch to fill; at least 1 ms
 * @param queueCapacity frames waiting for decode and detection at most; beyond it the oldest is dropped
 * @param decodeThreads JPEG decodes running at once
 */
public record PipelineSettings(Duration maxFrameAge, int batchMaxSize, Duration batchMaxWait, int queueCapacity,
    int decodeThreads) {

  public PipelineSettings {
    if (batchMaxSize < 1 || queueCapacity < 1 || decodeThreads < 1) {
      throw new IllegalArgumentException("batch size, queue capacity and decode threads must be at least 1");
    }
    // bufferTimeout needs a positive wait; "0: never wait" (defaults.yaml) becomes the shortest one.
    batchMaxWait = batchMaxWait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : batchMaxWait;
  }

  /**
   * Settings from configuration. The queue holds two batches: enough to keep the detector busy while
   * the next batch decodes, few enough that a frame waits at most about two detector calls (a longer
   * queue would only deliver older frames later).
   */
  public static PipelineSettings from(InferenceConfig config) {
    int batch = config.batch().maxSize();
    int decodeThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    return new PipelineSettings(Duration.ofMillis(config.maxFrameAgeMs()), batch,
        Duration.ofMillis(config.batch().maxWaitMs()), Math.max(4, 2 * batch), decodeThreads);
  }
}

package io.gradstream.inference.worker.pipeline;

import io.gradstream.common.config.InferenceConfig;
import java.time.Duration;

/**
 * How the pipeline batches and buffers.
 *
 * @param maxFrameAge frames older than this (capture time to now) are dropped before decoding
 * @param batchMaxSize most frames per detector call
 * @param batchMaxWait longest wait for a batch to fill; at least 1 ms
 * @param queueCapacity frames waiting for decode and detection at most; beyond it the oldest is
 *     dropped
 * @param decodeThreads JPEG decodes running at once
 * @param maxFramePixels frames with more pixels are dead-lettered undecoded
 */
public record PipelineSettings(
    Duration maxFrameAge,
    int batchMaxSize,
    Duration batchMaxWait,
    int queueCapacity,
    int decodeThreads,
    long maxFramePixels) {
  /** The smallest default queue: the frames consumer's {@code max.poll.records}. */
  public static final int QUEUE_FLOOR = 32;

  public PipelineSettings {
    if (batchMaxSize < 1 || queueCapacity < 1 || decodeThreads < 1 || maxFramePixels < 1) {
      throw new IllegalArgumentException(
          "batch size, queue capacity, decode threads and max frame pixels must be at least 1");
    }
    // bufferTimeout needs a positive wait; "0: never wait" (defaults.yaml) becomes the shortest
    // one.
    batchMaxWait =
        batchMaxWait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : batchMaxWait;
  }

  /** Settings with the default frame pixel limit. */
  public PipelineSettings(
      Duration maxFrameAge,
      int batchMaxSize,
      Duration batchMaxWait,
      int queueCapacity,
      int decodeThreads) {
    this(
        maxFrameAge,
        batchMaxSize,
        batchMaxWait,
        queueCapacity,
        decodeThreads,
        InferenceConfig.DEFAULT_MAX_FRAME_PIXELS);
  }

  /**
   * Settings from configuration. The queue holds one poll's worth of records (the consumer hands
   * over at most 32 at once), and at least four batches, so a burst that the detector can work
   * through on average is not thinned out; under sustained overload the oldest frames give way
   * (latest wins) and those that still waited longer than {@code max-frame-age-ms} are dropped as
   * stale before decoding, which bounds how far behind live the worker can fall.
   */
  public static PipelineSettings from(InferenceConfig config) {
    int batch = config.batch().maxSize();
    int decodeThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    return new PipelineSettings(
        Duration.ofMillis(config.maxFrameAgeMs()),
        batch,
        Duration.ofMillis(config.batch().maxWaitMs()),
        Math.max(QUEUE_FLOOR, 4 * batch),
        decodeThreads,
        config.maxFramePixels());
  }
}

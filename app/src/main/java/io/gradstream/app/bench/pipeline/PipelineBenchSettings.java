package io.gradstream.app.bench.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code gradstream bench pipeline} runs.
 *
 * @param cameras cameras
 * @param source where frames come from
 * @param fps frames per second per camera
 * @param warmup run before the timed window (models warm, consumer groups settled)
 * @param duration the timed window
 * @param workers workers counts to run, one after another, each on a fresh pipeline
 * @param intraOpThreads ONNX Runtime intra-op threads per worker, 0 for its default
 * @param model the ONNX detector
 * @param inputSize its square input side
 * @param explain whether workers explain every detection (Grad-CAM)
 * @param video footage for the cameras
 * @param poolFrames frames of it the synthetic cameras cycle through (JPEG-encoded once)
 */
public record PipelineBenchSettings(
    int cameras,
    Source source,
    double fps,
    Duration warmup,
    Duration duration,
    List<Integer> workers,
    int intraOpThreads,
    Path model,
    int inputSize,
    boolean explain,
    Path video,
    int poolFrames) {

  /** Where the frames come from. */
  public enum Source {
    /** Real frames, JPEG-encoded once, produced straight into the frames topic as ingest would. */
    SYNTHETIC,
    /** A looping RTSP server per camera, read by the real ingest role. */
    RTSP
  }

  public PipelineBenchSettings {
    workers = List.copyOf(workers);
    if (cameras < 1
        || !(fps > 0)
        || duration.isNegative()
        || duration.isZero()
        || warmup.isNegative()) {
      throw new IllegalArgumentException(
          "cameras and fps must be positive, the duration too, the warm-up not negative");
    }
    if (workers.isEmpty() || workers.stream().anyMatch(m -> m < 1)) {
      throw new IllegalArgumentException("workers counts must be positive, got " + workers);
    }
    if (intraOpThreads < 0 || poolFrames < 1) {
      throw new IllegalArgumentException(
          "intra-op threads must not be negative, the pool not empty");
    }
  }
}

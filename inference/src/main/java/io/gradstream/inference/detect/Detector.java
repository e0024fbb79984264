package io.gradstream.inference.detect;

import java.util.List;

/**
 * An object detector: frames in, detections in source-frame pixels out. Implementations are
 * thread-safe for {@link #detect} unless they say otherwise.
 */
public interface Detector extends AutoCloseable {

  /**
   * Detects objects in each image of a micro-batch.
   *
   * @return one list per image, in the same order, each sorted by descending score
   */
  List<List<Detection>> detect(List<BgrImage> images);

  /**
   * {@link #detect} with each detection's explanation attached, where this detector explains, and
   * the time that took per image. Detectors that do not explain return their detections as they
   * are.
   */
  default List<DetectedImage> detectAndExplain(List<BgrImage> images) {
    List<List<Detection>> results = detect(images);
    return results == null ? null : results.stream().map(d -> new DetectedImage(d, 0)).toList();
  }

  /**
   * {@code detection} with its reliability scored again now that the tracker knows the object's
   * history (the reliability model's track features): a detector scores each detection as if first
   * seen. As it is when this detector has no reliability model.
   *
   * @param frames frames the tracker has matched the object in, this one included
   * @param meanScore the object's mean detector score over those frames
   */
  default Detection scoreAlongTrack(Detection detection, int frames, double meanScore) {
    return detection;
  }

  /** Identifies the model (file name and content hash), for ExplainedFrame.model_id. */
  String modelId();

  /** Class names, indexed by class id. */
  List<String> labels();

  @Override
  void close();
}

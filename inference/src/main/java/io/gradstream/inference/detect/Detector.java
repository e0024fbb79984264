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

  /** Identifies the model (file name and content hash), for ExplainedFrame.model_id. */
  String modelId();

  /** Class names, indexed by class id. */
  List<String> labels();

  @Override
  void close();
}

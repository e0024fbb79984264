package io.gradstream.explain.engine;

import io.gradstream.explain.cam.CamMap;
import io.gradstream.explain.quality.Quality;
import io.gradstream.explain.reliability.DetectionFeatures;

/**
 * One detection's map.
 *
 * @param target the detection
 * @param location its head level, anchor and cell
 * @param layer the model tensor the map was computed on
 * @param stride model-input pixels per map cell
 * @param method the method's wire name (gradcam, hirescam, gradcam++, eigencam)
 * @param raw the map before normalisation, row-major at the layer's resolution, non-negative
 * @param map the map normalised to 0–255
 * @param quality how well the map points at the detection's box
 * @param features what the reliability model reads about the detection; null until the frame's
 *     explanations are all known (they read each other's boxes)
 */
public record DetectionExplanation(
    ExplainTarget target,
    RowLocation location,
    String layer,
    int stride,
    String method,
    float[] raw,
    CamMap map,
    Quality quality,
    DetectionFeatures features) {

  /** This explanation with its reliability features. */
  public DetectionExplanation withFeatures(DetectionFeatures f) {
    return new DetectionExplanation(target, location, layer, stride, method, raw, map, quality, f);
  }
}

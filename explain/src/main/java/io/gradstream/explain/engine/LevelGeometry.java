package io.gradstream.explain.engine;

import io.gradstream.explain.graph.HeadLevel;

/**
 * One head level's shapes, as probed from the model.
 *
 * @param names the level's target activation A and head-conv output Z
 * @param channels C of A
 * @param height H of A and Z
 * @param width W of A and Z
 * @param zChannels channels of Z: anchors × (5 + classes)
 * @param anchors anchors per cell
 * @param rowOffset the first output row this level decodes into
 * @param stride model-input pixels per cell
 */
public record LevelGeometry(
    HeadLevel names,
    int channels,
    int height,
    int width,
    int zChannels,
    int anchors,
    int rowOffset,
    int stride) {

  /** Output rows this level decodes into. */
  public int rows() {
    return anchors * height * width;
  }

  /** The model tensor the maps of this level are computed on. */
  public String layer() {
    return names.input();
  }
}

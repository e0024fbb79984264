package io.gradstream.explain.engine;

/**
 * Where a YOLOv5 output row comes from: the head level, the anchor and the grid cell whose
 * head-conv output channels the row decodes.
 *
 * @param level index into {@link HeadGeometry#levels()}, finest first
 * @param anchor anchor index within the level
 * @param cy grid row
 * @param cx grid column
 */
public record RowLocation(int level, int anchor, int cy, int cx) {}

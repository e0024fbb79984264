package io.gradstream.publisher.render;

import java.util.Set;

/**
 * What an annotated frame shows.
 *
 * @param heatmaps draw the detections' maps at all
 * @param hiddenHeatmaps track ids whose map is left out even when heatmaps are on
 * @param heatmapOpacity 0 (invisible) to 1 (the map hides the frame)
 * @param jpegQuality 1–100, for the annotated JPEG
 */
public record RenderOptions(
    boolean heatmaps, Set<Long> hiddenHeatmaps, double heatmapOpacity, int jpegQuality) {

  public RenderOptions {
    hiddenHeatmaps = Set.copyOf(hiddenHeatmaps);
    if (heatmapOpacity < 0 || heatmapOpacity > 1) {
      throw new IllegalArgumentException(
          "heatmap opacity must be within 0-1, got " + heatmapOpacity);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality must be within 1-100, got " + jpegQuality);
    }
  }

  /** Boxes and every map, at the default opacity and quality 80. */
  public static RenderOptions defaults() {
    return new RenderOptions(true, Set.of(), HeatmapOverlay.DEFAULT_OPACITY, 80);
  }

  /** The same options with heatmaps on or off. */
  public RenderOptions withHeatmaps(boolean on) {
    return new RenderOptions(on, hiddenHeatmaps, heatmapOpacity, jpegQuality);
  }

  /** Whether the map of the detection tracked as {@code trackId} is drawn. */
  public boolean showsHeatmapOf(long trackId) {
    return heatmaps && !hiddenHeatmaps.contains(trackId);
  }
}

package io.gradstream.common.config;

/**
 * How the publisher draws annotated frames (the MJPEG and RTSP streams, alert snapshots); the
 * viewer lets each person change the first two for themselves.
 *
 * @param heatmaps draw each detection's map under its box
 * @param heatmapOpacity 0 (invisible) to 1 (the map hides the frame)
 * @param jpegQuality 1–100, for annotated JPEGs
 */
public record RenderConfig(boolean heatmaps, double heatmapOpacity, int jpegQuality) {}

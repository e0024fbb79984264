/**
 * {@code gradstream explain}: per-detection heatmap overlays and their numbers, for one image or
 * video.
 */
package io.gradstream.app.explain;

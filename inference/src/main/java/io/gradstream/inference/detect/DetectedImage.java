package io.gradstream.inference.detect;

import java.util.List;

/**
 * One image's detections and the time spent explaining them.
 *
 * @param detections sorted by descending score, each with its explanation when the detector
 *     explains
 * @param explainNanos time spent on this image's explanations (0 when none)
 */
public record DetectedImage(List<Detection> detections, long explainNanos) {}

/**
 * Per-camera multi-object tracking, ByteTrack-style: detections of each frame are associated with
 * the camera's tracks by box overlap, high-score detections first and then low-score ones, so an
 * object keeps its track id through a crossing, a missed frame or a frame where its score dips.
 * {@link io.gradstream.inference.track.MultiCameraTracker} is the entry point.
 */
package io.gradstream.inference.track;

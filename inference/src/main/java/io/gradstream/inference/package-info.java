/**
 * The inference worker: consumes {@code gradstream.frames} in a consumer group, detects with ONNX
 * Runtime, tracks, explains every detection and produces {@code gradstream.detections}. Built out by
 * the "real detector" issue.
 */
package io.gradstream.inference;

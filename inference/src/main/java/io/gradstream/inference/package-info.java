/**
 * The inference role: consumes {@code gradstream.frames} in a consumer group, detects (ONNX
 * Runtime, {@link io.gradstream.inference.detect}), tracks per camera ({@link
 * io.gradstream.inference.track}) and produces {@code gradstream.detections} ({@link
 * io.gradstream.inference.worker}).
 */
package io.gradstream.inference;

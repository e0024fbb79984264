/**
 * The explanation engine: compiled once per detector, it turns one frame's target activations and a
 * list of detections into per-detection gradients (one batched windowed backward per head level)
 * and maps. {@link io.gradstream.explain.engine.DetectionExplainer} is the entry point.
 */
package io.gradstream.explain.engine;

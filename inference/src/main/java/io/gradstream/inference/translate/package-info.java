/**
 * The model-specific stage of detection, after DJL's Translator and Batchifier: images to an input
 * tensor and output tensors back to detections, with batching kept apart.
 */
package io.gradstream.inference.translate;

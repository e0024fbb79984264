/**
 * The inference worker: {@link io.gradstream.inference.worker.InferenceWorker} coordinates a frames
 * consumer ({@code source}), the Reactor compute pipeline ({@code pipeline}), the detections and
 * dead-letter producer ({@code sink}) and the worker's meters ({@code metrics}).
 */
package io.gradstream.inference.worker;

package io.gradstream.common.config;

/**
 * Micro-batching of frames across cameras.
 *
 * @param maxSize most frames in one inference
 * @param maxWaitMs longest wait for a batch to fill
 */
public record BatchConfig(int maxSize, long maxWaitMs) {}

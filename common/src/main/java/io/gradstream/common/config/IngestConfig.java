package io.gradstream.common.config;

/**
 * Defaults for camera ingest.
 *
 * @param maxFps        frame-rate cap per camera
 * @param jpegQuality   JPEG quality 1-100
 * @param readTimeoutMs silence after which a source counts as dead and is reconnected
 * @param reconnect     reconnect backoff
 */
public record IngestConfig(double maxFps, int jpegQuality, long readTimeoutMs, BackoffConfig reconnect) {}

package io.gradstream.common.config;

import java.util.List;

/**
 * Defaults for camera ingest.
 *
 * @param maxFps frame-rate cap per camera
 * @param jpegQuality JPEG quality 1-100
 * @param readTimeoutMs silence after which a source counts as dead and is reconnected
 * @param reconnect reconnect backoff
 * @param fileRoots directories file sources must lie in (real paths); empty refuses file sources
 */
public record IngestConfig(
    double maxFps,
    int jpegQuality,
    long readTimeoutMs,
    BackoffConfig reconnect,
    List<String> fileRoots) {

  public IngestConfig {
    fileRoots = fileRoots == null ? List.of() : List.copyOf(fileRoots);
  }

  /** Settings that refuse file sources. */
  public IngestConfig(double maxFps, int jpegQuality, long readTimeoutMs, BackoffConfig reconnect) {
    this(maxFps, jpegQuality, readTimeoutMs, reconnect, List.of());
  }

  /** The same settings with file sources allowed under {@code roots}. */
  public IngestConfig withFileRoots(List<String> roots) {
    return new IngestConfig(maxFps, jpegQuality, readTimeoutMs, reconnect, roots);
  }
}

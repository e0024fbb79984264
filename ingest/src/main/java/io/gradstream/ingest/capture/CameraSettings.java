package io.gradstream.ingest.capture;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.config.IngestConfig;
import io.gradstream.common.wire.CameraRegistration;

/**
 * A camera's registration with the ingest defaults filled in: everything its capture loop needs.
 *
 * @param id            camera id
 * @param url           source location (print only {@link CameraUrl#redacted()})
 * @param maxFps        frame-rate cap
 * @param jpegQuality   JPEG quality 1-100
 * @param loop          file sources: start again at the end
 * @param format        FFmpeg input format, empty to probe
 * @param readTimeoutMs silence after which the source counts as dead
 */
public record CameraSettings(
    String id, CameraUrl url, double maxFps, int jpegQuality, boolean loop, String format, long readTimeoutMs) {

  /**
   * Resolves a registration against the ingest defaults.
   *
   * @throws IllegalArgumentException if the registration's url cannot be parsed
   */
  public static CameraSettings resolve(CameraRegistration registration, IngestConfig defaults) {
    return new CameraSettings(
        registration.getId(),
        CameraUrl.parse(registration.getUrl()),
        registration.getMaxFps() > 0 ? registration.getMaxFps() : defaults.maxFps(),
        registration.getJpegQuality() > 0 ? registration.getJpegQuality() : defaults.jpegQuality(),
        registration.getLoop(),
        registration.getFormat(),
        defaults.readTimeoutMs());
  }
}

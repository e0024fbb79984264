package io.gradstream.ingest.capture;

import io.gradstream.common.camera.CameraRules;
import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.config.IngestConfig;
import io.gradstream.common.wire.CameraRegistration;

/**
 * A camera's registration with the ingest defaults filled in: everything its capture loop needs.
 *
 * @param id camera id
 * @param url source location (print only {@link CameraUrl#redacted()})
 * @param maxFps frame-rate cap
 * @param jpegQuality JPEG quality 1-100
 * @param loop file sources: start again at the end
 * @param format FFmpeg input format, empty to probe
 * @param readTimeoutMs silence after which the source counts as dead
 */
public record CameraSettings(
    String id,
    CameraUrl url,
    double maxFps,
    int jpegQuality,
    boolean loop,
    String format,
    long readTimeoutMs) {

  /**
   * Resolves a registration against the ingest defaults.
   *
   * @throws IllegalArgumentException if the registration's url cannot be parsed, or its id, frame
   *     rate or JPEG quality break {@link CameraRules}
   */
  public static CameraSettings resolve(CameraRegistration registration, IngestConfig defaults) {
    // The REST API checks registrations before writing them, but the registry topic may hold one
    // written
    // by something else; a capture loop must not start on an id that is no metric label or a NaN
    // frame rate.
    if (!CameraRules.ID.matcher(registration.getId()).matches()) {
      throw new IllegalArgumentException(
          "camera id '"
              + shortened(registration.getId())
              + "' breaks the id rules (1-64 "
              + "letters, digits, '.', '_' or '-'); re-register the camera through the API");
    }
    double fps = registration.getMaxFps();
    if (fps != 0 && !(fps > 0 && fps <= CameraRules.MAX_FPS_LIMIT)) {
      throw new IllegalArgumentException(
          "max-fps "
              + fps
              + " is not above 0 and at most "
              + (int) CameraRules.MAX_FPS_LIMIT
              + "; re-register the camera through the API");
    }
    int quality = registration.getJpegQuality();
    if (quality != 0 && (quality < 1 || quality > 100)) {
      throw new IllegalArgumentException(
          "jpeg-quality "
              + quality
              + " is not between 1 and 100; re-register the camera "
              + "through the API");
    }
    return new CameraSettings(
        registration.getId(),
        CameraUrl.parse(registration.getUrl()),
        registration.getMaxFps() > 0 ? registration.getMaxFps() : defaults.maxFps(),
        registration.getJpegQuality() > 0 ? registration.getJpegQuality() : defaults.jpegQuality(),
        registration.getLoop(),
        registration.getFormat(),
        defaults.readTimeoutMs());
  }

  private static String shortened(String id) {
    // Redacted: an id field holding a camera URL by mistake must not print its password.
    return CameraUrl.redact(id.length() > 80 ? id.substring(0, 80) + "..." : id);
  }
}

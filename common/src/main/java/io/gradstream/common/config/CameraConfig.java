package io.gradstream.common.config;

import io.gradstream.common.wire.CameraRegistration;

/**
 * A camera as the configuration file and the REST API describe it; missing optional values take the
 * ingest defaults.
 *
 * @param id registry id: letters, digits, '.', '_' and '-'
 * @param url source URL (rtsp, rtmp, http(s), file) or a local path
 * @param maxFps frame-rate cap, or null for the default
 * @param jpegQuality JPEG quality, or null for the default
 * @param loop local files: start again at the end
 * @param format FFmpeg input format, or null to probe
 */
public record CameraConfig(
    String id, String url, Double maxFps, Integer jpegQuality, Boolean loop, String format) {

  /**
   * The registry entry for this camera; absent values are written as 0/empty, meaning "the
   * default".
   */
  public CameraRegistration toRegistration(long registeredAtUnixMillis) {
    return CameraRegistration.newBuilder()
        .setId(id)
        .setUrl(url.strip())
        .setMaxFps(maxFps == null ? 0 : maxFps)
        .setJpegQuality(jpegQuality == null ? 0 : jpegQuality)
        .setLoop(Boolean.TRUE.equals(loop))
        .setFormat(format == null ? "" : format)
        .setRegisteredAtUnixMillis(registeredAtUnixMillis)
        .build();
  }

  /** The same camera under {@code newId}. */
  public CameraConfig withId(String newId) {
    return new CameraConfig(newId, url, maxFps, jpegQuality, loop, format);
  }
}

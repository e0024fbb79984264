package io.gradstream.ingest.api;

import io.gradstream.common.wire.CameraRegistration;

/**
 * The body of {@code POST /cameras} and {@code PUT /cameras/{id}}; absent numbers take the ingest defaults.
 *
 * @param id          camera id (for PUT, taken from the path when absent)
 * @param url         source location
 * @param maxFps      frame-rate cap
 * @param jpegQuality JPEG quality 1-100
 * @param loop        file sources: start again at the end
 * @param format      FFmpeg input format, e.g. "mpjpeg"
 */
record CameraRequest(String id, String url, Double maxFps, Integer jpegQuality, Boolean loop, String format) {

  CameraRegistration toRegistration(long nowMillis) {
    return CameraRegistration.newBuilder()
        .setId(id)
        .setUrl(url.strip())
        .setMaxFps(maxFps == null ? 0 : maxFps)
        .setJpegQuality(jpegQuality == null ? 0 : jpegQuality)
        .setLoop(loop != null && loop)
        .setFormat(format == null ? "" : format)
        .setRegisteredAtUnixMillis(nowMillis)
        .build();
  }

  CameraRequest withId(String pathId) {
    return new CameraRequest(id == null ? pathId : id, url, maxFps, jpegQuality, loop, format);
  }
}

package io.gradstream.common.config;

/**
 * A camera listed in the configuration file; missing optional values take the ingest defaults.
 *
 * @param id          registry id: letters, digits, '.', '_' and '-'
 * @param url         source URL (rtsp, rtmp, http(s), file) or a local path
 * @param maxFps      frame-rate cap, or null for the default
 * @param jpegQuality JPEG quality, or null for the default
 * @param loop        local files: start again at the end
 * @param format      FFmpeg input format, or null to probe
 */
public record CameraConfig(String id, String url, Double maxFps, Integer jpegQuality, Boolean loop, String format) {}

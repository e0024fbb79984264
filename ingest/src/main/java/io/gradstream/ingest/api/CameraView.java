package io.gradstream.ingest.api;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.ingest.capture.CameraStatusSnapshot;
import java.time.Instant;

/**
 * A camera as the REST API shows it: its registration (URL redacted) and, when this process ingests
 * it, its live status. Zero numbers in the registration mean "the ingest default" and show as null.
 */
record CameraView(
    String id,
    String url,
    Double maxFps,
    Integer jpegQuality,
    boolean loop,
    String format,
    Instant registeredAt,
    CameraStatusSnapshot status) {

  static CameraView of(CameraRegistration r, CameraStatusSnapshot status) {
    return new CameraView(
        r.getId(),
        CameraUrl.redact(r.getUrl()),
        r.getMaxFps() > 0 ? r.getMaxFps() : null,
        r.getJpegQuality() > 0 ? r.getJpegQuality() : null,
        r.getLoop(),
        r.getFormat().isEmpty() ? null : r.getFormat(),
        Instant.ofEpochMilli(r.getRegisteredAtUnixMillis()),
        status);
  }
}

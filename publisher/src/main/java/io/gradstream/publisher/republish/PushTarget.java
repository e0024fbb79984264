package io.gradstream.publisher.republish;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where one camera's annotated stream goes: an FFmpeg output (URL or file), its container format
 * and the muxer options.
 *
 * @param output an RTSP URL, or the HLS playlist path
 * @param format FFmpeg muxer: rtsp or hls
 * @param options muxer options, e.g. rtsp_transport or hls_time
 * @param shown how logs name it (credentials redacted)
 */
public record PushTarget(String output, String format, Map<String, String> options, String shown) {

  public PushTarget {
    options = Map.copyOf(options);
  }

  /** An RTSP push to {@code baseUrl/cameraId} over {@code transport} (tcp or udp). */
  public static PushTarget rtsp(
      String baseUrl, String cameraId, String transport, String shownBase) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String shown =
        shownBase.endsWith("/") ? shownBase.substring(0, shownBase.length() - 1) : shownBase;
    return new PushTarget(
        base + "/" + cameraId, "rtsp", Map.of("rtsp_transport", transport), shown + "/" + cameraId);
  }

  /**
   * An HLS playlist {@code dir/cameraId/index.m3u8} of 2-second segments, the newest six kept,
   * older segments deleted so the directory does not grow.
   */
  public static PushTarget hls(Path dir, String cameraId) {
    Path playlist = dir.resolve(cameraId).resolve("index.m3u8");
    return new PushTarget(
        playlist.toString(),
        "hls",
        Map.of("hls_time", "2", "hls_list_size", "6", "hls_flags", "delete_segments+omit_endlist"),
        playlist.toString());
  }
}

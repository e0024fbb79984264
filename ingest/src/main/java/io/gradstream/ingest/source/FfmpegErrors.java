package io.gradstream.ingest.source;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.camera.SourceKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns FFmpeg's error codes (as JavaCV reports them, "avformat_open_input() error -111: ...") into
 * sentences an operator can act on. JavaCV messages include the full URL, so they are never shown
 * raw.
 */
final class FfmpegErrors {
  private static final Pattern CODE = Pattern.compile("error (-?\\d+)");
  private static final int ENOENT = -2;
  private static final int EACCES = -13;
  private static final int ETIMEDOUT = -110;
  private static final int ECONNREFUSED = -111;
  private static final int EHOSTUNREACH = -113;
  private static final int EIO = -5;
  private static final int EXIT =
      -1414092869; // AVERROR_EXIT: the interrupt callback fired (read timeout)
  private static final int INVALIDDATA = -1094995529;
  private static final int HTTP_NOT_FOUND = -875574520;
  private static final int HTTP_UNAUTHORIZED = -825242872;
  private static final int HTTP_FORBIDDEN = -858797304;
  private static final int HTTP_BAD_REQUEST = -808465656;
  private static final int HTTP_SERVER_ERROR = -1482175992;

  private FfmpegErrors() {}

  /**
   * An exception for a failure to open {@code url}, with its cause kept for the logs.
   *
   * @param elapsedMs how long the attempt took: FFmpeg reports a server that went silent
   *     mid-handshake as bad data, so a failure that took the whole timeout is reported as the
   *     timeout
   */
  static SourceException opening(CameraUrl url, Exception cause, long timeoutMs, long elapsedMs) {
    return translate("cannot open " + url.redacted(), url, cause, timeoutMs, elapsedMs);
  }

  /** An exception for a failure while reading an open stream. */
  static SourceException reading(CameraUrl url, Exception cause, long timeoutMs, long elapsedMs) {
    return translate("stream broke off", url, cause, timeoutMs, elapsedMs);
  }

  private static SourceException translate(
      String what, CameraUrl url, Exception cause, long timeoutMs, long elapsedMs) {
    String raw = String.valueOf(cause.getMessage());
    Matcher m = CODE.matcher(raw);
    Integer code = m.find() ? Integer.valueOf(m.group(1)) : null;
    if (url.kind().isLive() && elapsedMs >= timeoutMs) {
      code = ETIMEDOUT;
    }
    boolean file = url.kind() == SourceKind.FILE;
    String reason;
    boolean permanent = false;
    if (code == null) {
      reason = CameraUrl.redact(raw);
    } else {
      switch (code) {
        case ECONNREFUSED ->
            reason =
                "connection refused: is the camera or stream server running and listening on that port?";
        case ETIMEDOUT, EXIT ->
            reason =
                "no data for " + timeoutMs + " ms: the camera is unreachable or stopped sending";
        case EHOSTUNREACH -> reason = "host unreachable: check the address and the network path";
        case HTTP_NOT_FOUND ->
            reason = "the server has no stream at that path (404): check the path in the url";
        case HTTP_UNAUTHORIZED ->
            reason = "the server refused the credentials (401): check user name and password";
        case HTTP_FORBIDDEN ->
            reason = "the server forbids this stream (403): check the camera's access settings";
        case HTTP_BAD_REQUEST -> reason = "the server rejected the request (400): check the url";
        case HTTP_SERVER_ERROR ->
            reason = "the server failed (5xx): check the camera or stream server";
        case EIO -> reason = "input/output error: the connection dropped";
        case INVALIDDATA -> {
          reason =
              "no video FFmpeg can read at that address: check the url (and `format` for MJPEG-over-HTTP)";
          permanent = file;
        }
        case ENOENT -> {
          reason = file ? "file not found: check the path" : "not found: check the url";
          permanent = file;
        }
        case EACCES -> {
          reason = "permission denied: make the file readable by gradstream";
          permanent = file;
        }
        default -> reason = "FFmpeg error " + code + " (" + CameraUrl.redact(raw) + ")";
      }
    }
    return new SourceException(what + ": " + reason, permanent, sanitized(cause));
  }

  /**
   * The cause with the URL-bearing message replaced, so stack traces in logs stay credential-free.
   */
  private static Exception sanitized(Exception cause) {
    Exception clean =
        new Exception(
            cause.getClass().getSimpleName()
                + ": "
                + CameraUrl.redact(String.valueOf(cause.getMessage())));
    clean.setStackTrace(cause.getStackTrace());
    return clean;
  }
}

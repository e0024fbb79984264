package io.gradstream.common.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A camera source location: {@code rtsp://}, {@code rtmp://}, {@code http(s)://}, {@code file://}
 * or a plain local path. It may carry credentials; {@link #redacted()} is the only form that may be
 * logged, returned by the API or used as a metric label.
 *
 * @param kind what kind of source it is
 * @param url the location exactly as given, credentials included
 */
public record CameraUrl(SourceKind kind, String url) {
  /**
   * Up to the last '@' of the authority, so an unencoded '@' in a password does not leave its tail
   * visible.
   */
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#]*@");

  /**
   * "user:password@" anywhere else: after a mistyped "rtsp:/", or behind a '?' or '#' that ends the
   * authority for a URL parser ("rtsp://admi?:pw@cam", which a person still reads as a password;
   * the fuzzer found it).
   */
  private static final Pattern LOOSE_USER_INFO = Pattern.compile("[^\\s/@:]*:[^\\s/@]*@");

  /**
   * An authority whose "port" is not a number, as in "rtsp://admin:pw10.0.0.7/live" (an '@' lost):
   * the part after ':' is more likely a password than a port. IPv6 hosts ("[::1]:554") are left
   * alone.
   */
  private static final Pattern NON_NUMERIC_PORT =
      Pattern.compile("(?<=://)[^/?#\\s\\[\\]@]*:(?!\\d*(?:[/?#\\s]|$))[^/?#\\s]*");

  private static final Pattern SECRET_QUERY =
      Pattern.compile(
          "(?i)([?&](?:password|passwd|pwd|pass|token|secret|key|auth|signature|sig)=)[^&#]*");

  /**
   * Parses and checks a camera location.
   *
   * @throws IllegalArgumentException naming what is wrong and the accepted forms
   */
  public static CameraUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "the camera url is empty: give rtsp://, rtmp://, http(s)://, file:// or a file path");
    }
    String trimmed = url.strip();
    int colon = trimmed.indexOf("://");
    if (colon < 0) {
      try {
        var unused = Path.of(trimmed); // what filePath() does: refuses a NUL
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(
            "not a file path: "
                + redact(trimmed).replace('\0', '?')
                + ": "
                + e.getReason()
                + "; give the video's absolute path, e.g. /srv/videos/cam1.mp4");
      }
      return new CameraUrl(SourceKind.FILE, trimmed);
    }
    String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
    SourceKind kind =
        switch (scheme) {
          case "rtsp", "rtsps" -> SourceKind.RTSP;
          case "rtmp", "rtmps" -> SourceKind.RTMP;
          case "http", "https" -> SourceKind.HTTP;
          case "file" -> SourceKind.FILE;
          default ->
              throw new IllegalArgumentException(
                  "unsupported scheme '"
                      + scheme
                      + "' in "
                      + redact(trimmed)
                      + ": use rtsp://, rtmp://, http(s)://, file:// or a file path");
        };
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "malformed url "
              + redact(trimmed)
              + ": "
              + e.getReason()
              + " (percent-encode special characters in user names and passwords)");
    }
    if (kind != SourceKind.FILE && (uri.getHost() == null || uri.getHost().isEmpty())) {
      throw new IllegalArgumentException(
          "no host in " + redact(trimmed) + ": write it as " + scheme + "://HOST[:PORT]/PATH");
    }
    if (kind == SourceKind.FILE && (uri.getPath() == null || uri.getPath().isEmpty())) {
      throw new IllegalArgumentException(
          "no path in " + redact(trimmed) + ": write it as file:///absolute/path");
    }
    if (kind == SourceKind.FILE) {
      try {
        // What filePath() does: refuses a host (file://videos/a.mp4), a query or a fragment.
        var unused = Path.of(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "not a local file url "
                + redact(trimmed)
                + ": "
                + e.getMessage()
                + "; write it as file:///absolute/path");
      }
    }
    return new CameraUrl(kind, trimmed);
  }

  /** The location with user name, password and secret query parameters replaced by {@code ***}. */
  public String redacted() {
    return redact(url);
  }

  /** Redacts credentials from any string that may contain URLs (log lines, error messages). */
  public static String redact(String text) {
    if (text == null) return null;
    String noUser = USER_INFO.matcher(text).replaceAll("***@");
    // A mistyped URL must not leak either: the fuzzer found both forms in "malformed url" messages.
    noUser = LOOSE_USER_INFO.matcher(noUser).replaceAll("***@");
    noUser = NON_NUMERIC_PORT.matcher(noUser).replaceAll("***");
    return SECRET_QUERY.matcher(noUser).replaceAll("$1***");
  }

  /** The local path of a file source. */
  public Path filePath() {
    if (kind != SourceKind.FILE) {
      throw new IllegalStateException(redacted() + " is not a file source");
    }
    return url.regionMatches(true, 0, "file://", 0, 7) ? Path.of(URI.create(url)) : Path.of(url);
  }

  @Override
  public String toString() {
    return redacted();
  }
}

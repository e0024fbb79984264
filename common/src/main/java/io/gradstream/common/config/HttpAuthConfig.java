package io.gradstream.common.config;

/**
 * The access token of the HTTP server (REST API, viewer, its WebSocket and feeds, streams,
 * snapshots).
 *
 * @param enabled false serves everything to anyone who reaches the port: for a local demo only
 * @param token the token clients send; empty: read {@code tokenFile}, or generate one at start
 * @param tokenFile a file holding the token (a mounted Kubernetes Secret, say); empty for none
 * @param protectMetrics whether {@code /metrics} needs the token too (open by default so Prometheus
 *     scrapes it)
 */
public record HttpAuthConfig(
    boolean enabled, String token, String tokenFile, boolean protectMetrics) {
  /** Fewer characters than this are too easy to guess. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** The defaults: a token required, generated at start, /metrics open. */
  public static final HttpAuthConfig GENERATED_TOKEN = new HttpAuthConfig(true, "", "", false);

  /** Auth on with this fixed {@code token}, /metrics open. */
  public static HttpAuthConfig withToken(String token) {
    return new HttpAuthConfig(true, token, "", false);
  }

  /** No token asked of anyone (a local demo only). */
  public static HttpAuthConfig disabled() {
    return new HttpAuthConfig(false, "", "", false);
  }
}

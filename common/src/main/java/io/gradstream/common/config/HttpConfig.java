package io.gradstream.common.config;

/**
 * The HTTP server every role exposes.
 *
 * @param host bind address; 127.0.0.1 by default so nothing is reachable from the network unasked
 * @param port port, 0 for a free one
 * @param auth who may use it: the access token
 * @param limits how much one request may carry
 */
public record HttpConfig(String host, int port, HttpAuthConfig auth, HttpLimitsConfig limits) {
  /**
   * The server at {@code host:port} with the defaults of defaults.yaml: a token required (generated
   * at start), default limits.
   */
  public HttpConfig(String host, int port) {
    this(host, port, HttpAuthConfig.GENERATED_TOKEN, HttpLimitsConfig.DEFAULTS);
  }

  /** This server with {@code auth} instead. */
  public HttpConfig withAuth(HttpAuthConfig auth) {
    return new HttpConfig(host, port, auth, limits);
  }
}

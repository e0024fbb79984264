package io.gradstream.common.config;

/**
 * Upper bounds on what one client may send, so a request cannot exhaust the server's memory.
 *
 * @param maxBodyBytes request body (the camera API's JSON); larger ones get 413
 * @param maxWebsocketMessageBytes an inbound WebSocket message (the viewer's sockets only send);
 *     larger ones close it
 * @param maxHeaderBytes all request headers together; larger get 431
 * @param maxUrlLength the request line (method, URL, version); longer get 414
 */
public record HttpLimitsConfig(
    int maxBodyBytes, int maxWebsocketMessageBytes, int maxHeaderBytes, int maxUrlLength) {
  /** The values of defaults.yaml. */
  public static final HttpLimitsConfig DEFAULTS =
      new HttpLimitsConfig(65_536, 65_536, 8_192, 4_096);
}

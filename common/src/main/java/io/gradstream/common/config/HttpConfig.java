package io.gradstream.common.config;

/**
 * The HTTP server every role exposes.
 *
 * @param host bind address; 127.0.0.1 by default so nothing is reachable from the network unasked
 * @param port port, 0 for a free one
 */
public record HttpConfig(String host, int port) {}

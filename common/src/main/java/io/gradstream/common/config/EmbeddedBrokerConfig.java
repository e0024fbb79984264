package io.gradstream.common.config;

/**
 * The embedded single-node KRaft broker.
 *
 * @param dataDir log directory; a restart on the same directory restores all topics
 * @param port client listener port, 0 for a free one
 * @param controllerPort controller listener port, 0 for a free one
 */
public record EmbeddedBrokerConfig(String dataDir, int port, int controllerPort) {}

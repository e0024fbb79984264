package io.gradstream.app.kafka;

import java.nio.file.Path;
import java.util.Properties;

/** The Kafka server properties of the embedded single-node KRaft broker. */
final class BrokerProperties {
  /**
   * The node id of the only broker-and-controller; it is written into meta.properties at format.
   */
  static final int NODE_ID = 1;

  static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** Kafka's own default for message.max.bytes; gradstream never goes below it. */
  private static final int KAFKA_DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;

  private BrokerProperties() {}

  /**
   * Properties for one node that is both broker and controller on 127.0.0.1.
   *
   * @param maxMessageBytes largest message gradstream sends; the broker-wide limits are raised to
   *     it
   */
  static Properties build(Path dataDir, BrokerPorts ports, int maxMessageBytes) {
    String host = BrokerPorts.HOST;
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + ports.client()
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + ports.controller());
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + ports.client());
    p.setProperty(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    // A static quorum (kraft.version 0) stores no voter endpoints in the log, so a restart may pick
    // a
    // different controller port (port 0) on the same data dir.
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + ports.controller());
    p.setProperty("log.dirs", dataDir.toString());

    // Internal topics default to replication factor 3, which one node can never satisfy: consumer
    // groups and transactions would fail with COORDINATOR_NOT_AVAILABLE.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    // Nobody else joins this group coordinator, so waiting for more members only slows every start.
    p.setProperty("group.initial.rebalance.delay.ms", "0");

    String maxBytes = Integer.toString(Math.max(maxMessageBytes, KAFKA_DEFAULT_MESSAGE_MAX_BYTES));
    p.setProperty("message.max.bytes", maxBytes);
    p.setProperty("replica.fetch.max.bytes", maxBytes);
    // Topics come from TopicProvisioner with their configured partitions and retention; a typo'd
    // topic name must fail instead of silently creating a one-partition topic.
    p.setProperty("auto.create.topics.enable", "false");
    return p;
  }
}

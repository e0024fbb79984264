package io.gradstream.app.kafka;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of real broker processes on 127.0.0.1, for the tests that need several brokers:
 * {@code n} KRaft nodes, each a broker and a voter of the controller quorum, run from the Kafka
 * jars on the test's class path as {@code kafka-server-start.sh} runs them ({@code kafka.Kafka}).
 * Set up as an operator sets up a production cluster of three: internal topics with replication
 * factor n and {@code min.insync.replicas} n − 1, the same defaults for new topics. A node can be
 * killed with SIGKILL and started again on its data dir and ports.
 */
public final class KafkaClusterProcesses implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(90);

  private final List<Node> nodes;

  /** One node: its files, ports, and the process now running it (null before the first start). */
  private static final class Node {
    final Path config;
    final Path log;
    final BrokerPorts ports;
    volatile Process process;

    Node(Path config, Path log, BrokerPorts ports) {
      this.config = config;
      this.log = log;
      this.ports = ports;
    }
  }

  private KafkaClusterProcesses(List<Node> nodes) {
    this.nodes = nodes;
  }

  /**
   * Formats {@code n} data dirs under {@code dir} with one cluster id, starts the nodes and waits
   * until all {@code n} brokers are registered.
   */
  public static KafkaClusterProcesses start(Path dir, int n, int maxMessageBytes)
      throws IOException {
    List<BrokerPorts> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BrokerPorts p;
      do {
        p = BrokerPorts.resolve(0, 0);
      } while (taken(ports, p));
      ports.add(p);
    }
    String voters =
        IntStream.range(0, n)
            .mapToObj(i -> (i + 1) + "@" + BrokerPorts.HOST + ":" + ports.get(i).controller())
            .collect(Collectors.joining(","));
    String clusterId = Uuid.randomUuid().toString();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path data = Files.createDirectories(dir.resolve("node-" + (i + 1)));
      Properties props = BrokerProperties.build(data, ports.get(i), maxMessageBytes);
      props.setProperty("node.id", Integer.toString(i + 1));
      props.setProperty("controller.quorum.voters", voters);
      String replicas = Integer.toString(n);
      String minIsr = Integer.toString(Math.max(1, n - 1));
      props.setProperty("offsets.topic.replication.factor", replicas);
      props.setProperty("transaction.state.log.replication.factor", replicas);
      props.setProperty("transaction.state.log.min.isr", minIsr);
      props.setProperty("share.coordinator.state.topic.replication.factor", replicas);
      props.setProperty("share.coordinator.state.topic.min.isr", minIsr);
      props.setProperty("default.replication.factor", replicas);
      props.setProperty("min.insync.replicas", minIsr);
      BrokerDataDir.format(data, props, clusterId);
      Path config = dir.resolve("node-" + (i + 1) + ".properties");
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "gradstream test cluster node " + (i + 1));
      }
      nodes.add(new Node(config, dir.resolve("node-" + (i + 1) + ".log"), ports.get(i)));
    }
    KafkaClusterProcesses cluster = new KafkaClusterProcesses(nodes);
    try {
      for (int i = 0; i < n; i++) {
        cluster.launch(i);
      }
      cluster.awaitBrokers(n);
    } catch (RuntimeException | IOException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Every node's client address, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return nodes.stream()
        .map(node -> BrokerPorts.HOST + ":" + node.ports.client())
        .collect(Collectors.joining(","));
  }

  /** An admin client of the cluster; close it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  /**
   * Kills node {@code id} (1-based, its {@code node.id}) with SIGKILL and waits until it is gone.
   */
  public void kill(int id) throws InterruptedException {
    Process p = nodes.get(id - 1).process;
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * Starts node {@code id} again on its data dir and ports and waits until the cluster has all its
   * brokers again.
   */
  public void restart(int id) throws IOException {
    launch(id - 1);
    awaitBrokers(nodes.size());
  }

  /** The node's log, for a failure message. */
  public String log(int id) throws IOException {
    Path log = nodes.get(id - 1).log;
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private void launch(int i) throws IOException {
    Node node = nodes.get(i);
    node.process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.Kafka",
                node.config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log.toFile()))
            .start();
  }

  private void awaitBrokers(int n) {
    try (Admin admin = admin()) {
      await()
          .atMost(READY)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == n);
    }
  }

  private static boolean taken(List<BrokerPorts> chosen, BrokerPorts p) {
    return chosen.stream()
        .anyMatch(
            c ->
                c.client() == p.client()
                    || c.client() == p.controller()
                    || c.controller() == p.client()
                    || c.controller() == p.controller());
  }

  /** Stops every node: SIGTERM, then SIGKILL for a node still running after 30 s. */
  @Override
  public void close() {
    for (Node node : nodes) {
      Process p = node.process;
      if (p != null) {
        p.destroy();
      }
    }
    for (Node node : nodes) {
      Process p = node.process;
      try {
        if (p != null && !p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}

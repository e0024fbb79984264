package io.gradstream.app.kafka;

import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in this JVM: one KRaft node that is both broker and controller,
 * listening on 127.0.0.1 only. Its data dir is formatted once; a later start on the same directory
 * keeps every topic, record and committed offset.
 *
 * <p>Kafka's fatal-fault handler halts the JVM on unrecoverable metadata errors; that is Kafka's
 * behaviour for its own process and applies here too.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  /** How long {@link #start} waits for the broker to answer a client before giving up. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final DataDirLock lock;
  private final BrokerPorts ports;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, Path dataDir, DataDirLock lock, BrokerPorts ports) {
    this.server = server;
    this.dataDir = dataDir;
    this.lock = lock;
    this.ports = ports;
  }

  /**
   * Starts the broker and returns once it answers clients.
   *
   * @param config data dir and ports (0 picks a free port)
   * @param maxMessageBytes largest message gradstream sends; broker-wide limits are at least this
   * @throws ConfigException when the data dir is unusable or held by another broker, or a port is
   *     taken, naming the key; nothing in the data dir is touched then
   * @throws EmbeddedBrokerException when Kafka fails to start or does not answer within 60 s
   */
  public static EmbeddedKafkaBroker start(EmbeddedBrokerConfig config, int maxMessageBytes) {
    Objects.requireNonNull(config, "config");
    long started = System.nanoTime();
    Path dataDir = BrokerDataDir.prepare(config.dataDir());
    // Before any Kafka component runs: Kafka's own log-dir lock comes after its controller has
    // started.
    DataDirLock lock = DataDirLock.acquire(dataDir);
    String clusterId;
    KafkaRaftServer server;
    BrokerPorts ports;
    try {
      ports = BrokerPorts.resolve(config.port(), config.controllerPort());
      Properties props = BrokerProperties.build(dataDir, ports, maxMessageBytes);
      Optional<String> existing = BrokerDataDir.clusterId(dataDir);
      clusterId = existing.orElseGet(() -> BrokerDataDir.format(dataDir, props));
      if (existing.isPresent()) {
        log.info("reusing Kafka data dir {} (cluster id {})", dataDir, clusterId);
      }
      server = launch(props, dataDir, ports);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }

    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dataDir, lock, ports);
    try {
      broker.awaitReady();
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    log.info(
        "embedded Kafka broker ready at {} (controller port {}, data dir {}, cluster id {}) in {} ms",
        broker.bootstrapServers(),
        ports.controller(),
        dataDir,
        clusterId,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return broker;
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return BrokerPorts.HOST + ":" + ports.client();
  }

  /**
   * The settings that start this broker again after {@link #close()}: the same data dir (every
   * topic, record and committed offset) and the same client and controller ports, even where this
   * one picked free ports, so that clients that keep {@link #bootstrapServers()} reconnect by
   * themselves.
   */
  public EmbeddedBrokerConfig sameAddress() {
    return new EmbeddedBrokerConfig(dataDir.toString(), ports.client(), ports.controller());
  }

  /** The absolute log directory the broker keeps its data in. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Shuts the broker down cleanly and waits until it has stopped, so that a next start on the same
   * data dir needs no log recovery. Calling it again does nothing; concurrent callers wait for the
   * first.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    try {
      server.shutdown();
      server.awaitShutdown();
      log.info(
          "embedded Kafka broker at {} stopped in {} ms",
          bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (RuntimeException e) {
      log.warn(
          "embedded Kafka broker at {} did not stop cleanly: {}", bootstrapServers(), e.toString());
    } finally {
      lock.close();
    }
  }

  private static KafkaRaftServer launch(Properties props, Path dataDir, BrokerPorts ports) {
    KafkaRaftServer server;
    try {
      // doLog=false: Kafka would otherwise print all ~400 config values at INFO on every start.
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    } catch (RuntimeException e) {
      throw startFailure(e, dataDir, ports);
    }
    try {
      server.startup();
    } catch (Exception e) { // Scala code may throw checked exceptions undeclared
      try {
        server.shutdown();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw startFailure(e, dataDir, ports);
    }
    return server;
  }

  /**
   * Translates Kafka's start errors that have an operator fix into config errors naming the key.
   */
  private static RuntimeException startFailure(Exception e, Path dataDir, BrokerPorts ports) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof BindException || message.contains("Address already in use")) {
        // A port was free when checked and taken before Kafka bound it; report the one it names.
        boolean controller = message.contains(":" + ports.controller());
        return BrokerPorts.portInUse(
            controller ? BrokerPorts.CONTROLLER_PORT_KEY : BrokerPorts.PORT_KEY,
            controller ? ports.controller() : ports.client());
      }
      if (message.contains("Failed to acquire lock")) {
        return BrokerDataDir.inUse(dataDir, "a Kafka process that is not gradstream's");
      }
    }
    return new EmbeddedBrokerException(
        "embedded Kafka broker failed to start on data dir " + dataDir + ": " + e, e);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    Map<String, Object> adminTuning =
        Map.of(
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    Exception last = null;
    try (Admin admin =
        KafkaClients.admin(
            KafkaConnection.plaintext(bootstrapServers()),
            "gradstream-embedded-broker-check",
            adminTuning)) {
      while (System.nanoTime() < deadline) {
        try {
          long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
          Collection<Node> nodes = admin.describeCluster().nodes().get(left, TimeUnit.MILLISECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        Thread.sleep(RETRY_PAUSE.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedBrokerException(
          "interrupted while waiting for the embedded Kafka broker at " + bootstrapServers(), e);
    }
    throw new EmbeddedBrokerException(
        "embedded Kafka broker at "
            + bootstrapServers()
            + " did not answer within "
            + STARTUP_TIMEOUT.toSeconds()
            + " s"
            + (last == null
                ? ""
                : " (last error: "
                    + (last instanceof ExecutionException ? last.getCause() : last)
                    + ")")
            + "; the broker's own log above says why",
        last);
  }
}

package io.gradstream.app.kafka;

import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.ConfigProblem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The two ports of the embedded broker, resolved before Kafka sees them: a configured port is
 * checked to be free (Kafka's own bind error names neither the gradstream key nor the fix), and 0
 * becomes a free port chosen here, because the controller port must be known up front for {@code
 * controller.quorum.voters}.
 *
 * @param client client (PLAINTEXT) listener port
 * @param controller controller (KRaft quorum) listener port
 */
record BrokerPorts(int client, int controller) {
  static final String PORT_KEY = "kafka.embedded.port";
  static final String CONTROLLER_PORT_KEY = "kafka.embedded.controller-port";
  static final String HOST = "127.0.0.1";

  /**
   * Resolves configured ports, 0 meaning any free one.
   *
   * @throws ConfigException naming the key when a configured port is in use or both are the same
   */
  static BrokerPorts resolve(int clientPort, int controllerPort) {
    if (clientPort != 0 && clientPort == controllerPort) {
      throw new ConfigException(
          new ConfigProblem(
              CONTROLLER_PORT_KEY,
              null,
              "is the same as " + PORT_KEY + " (" + clientPort + ")",
              "Give the controller its own port, or 0 for a free one."));
    }
    checkFree(PORT_KEY, clientPort);
    checkFree(CONTROLLER_PORT_KEY, controllerPort);
    // Both free ports are held open together so that the two picks cannot be the same port.
    try (ServerSocket a = clientPort == 0 ? bindAny() : null;
        ServerSocket b = controllerPort == 0 ? bindAny() : null) {
      return new BrokerPorts(
          a == null ? clientPort : a.getLocalPort(), b == null ? controllerPort : b.getLocalPort());
    } catch (IOException e) {
      throw new EmbeddedBrokerException(
          "could not find a free port on " + HOST + ": " + e.getMessage(), e);
    }
  }

  /** The error for a port that another process took, named by its key. */
  static ConfigException portInUse(String key, int port) {
    String env =
        "GRADSTREAM_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    return new ConfigException(
        new ConfigProblem(
            key,
            null,
            "port "
                + port
                + " on "
                + HOST
                + " is already in use (another broker or gradstream running?)",
            "Stop the process that holds it, or set "
                + key
                + " ("
                + env
                + ") to a free port, or 0 to pick one."));
  }

  private static void checkFree(String key, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      probe.getLocalPort(); // bound: free for Kafka once closed
    } catch (IOException e) {
      throw portInUse(key, port);
    }
  }

  private static ServerSocket bindAny() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getByName(HOST));
  }
}

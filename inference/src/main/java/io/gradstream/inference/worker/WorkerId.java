package io.gradstream.inference.worker;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names a worker for operators: {@code host/pid#n}, where n counts the workers started in this
 * process (tests and one-JVM deployments can run several).
 */
public final class WorkerId {
  private static final AtomicInteger started = new AtomicInteger();

  private WorkerId() {}

  /** A new id for a worker in this process. */
  public static String next() {
    return host() + "/" + ProcessHandle.current().pid() + "#" + started.incrementAndGet();
  }

  /** The id as a Kafka client id (metric names and logs accept only a few characters). */
  static String clientId(String workerId) {
    return "gradstream-inference-" + workerId.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  private static String host() {
    String env = System.getenv("HOSTNAME"); // the pod name on Kubernetes
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown-host";
    }
  }
}

package io.gradstream.app.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One gradstream process as a deployment file starts it: a compose service or a Kubernetes
 * container.
 *
 * @param where e.g. "docker-compose.yml service inference" or "k8s/overlays/gpu Deployment
 *     gradstream-inference"
 * @param image the image reference
 * @param env its environment, references to ConfigMaps and Secrets resolved
 * @param configFile a copy on this machine of the file mounted where GRADSTREAM_CONFIG points, or
 *     null
 * @param probes the HTTP checks run against it
 * @param ports the container ports it declares
 */
record GradstreamContainer(
    String where,
    String image,
    Map<String, String> env,
    Path configFile,
    List<Probe> probes,
    List<Integer> ports) {

  /** An HTTP check: kind (liveness, readiness, startup, healthcheck), path and port. */
  record Probe(String kind, String path, int port) {}

  String role() {
    return env.getOrDefault("GRADSTREAM_ROLES", "");
  }

  @Override
  public String toString() {
    return where;
  }
}

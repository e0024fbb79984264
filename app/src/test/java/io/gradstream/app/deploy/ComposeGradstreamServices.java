package io.gradstream.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gradstream services of docker-compose.yml: those running the gradstream image. */
final class ComposeGradstreamServices {
  static final String COMPOSE_FILE = "docker-compose.yml";
  private static final Pattern HTTP_URL = Pattern.compile("http://[^/:\\s\"]+:(\\d+)(/[^\\s\"]*)");

  private ComposeGradstreamServices() {}

  static JsonNode compose() {
    return DeployFiles.yaml(DeployFiles.resolve(COMPOSE_FILE));
  }

  static List<GradstreamContainer> all(String gradstreamImageRepository) {
    List<GradstreamContainer> out = new ArrayList<>();
    compose()
        .path("services")
        .fields()
        .forEachRemaining(
            service -> {
              JsonNode s = service.getValue();
              if (!s.path("image").asText().startsWith(gradstreamImageRepository + ":")) {
                return;
              }
              Map<String, String> env = environment(s);
              out.add(
                  new GradstreamContainer(
                      COMPOSE_FILE + " service " + service.getKey(),
                      s.path("image").asText(),
                      env,
                      mountedFile(s, env.get("GRADSTREAM_CONFIG")),
                      probes(s),
                      containerPorts(s)));
            });
    return out;
  }

  /** A service's environment, from the mapping form or the KEY=VALUE list form. */
  static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode e = service.path("environment");
    if (e.isObject()) {
      e.fields().forEachRemaining(f -> env.put(f.getKey(), interpolated(f.getValue().asText())));
    } else {
      e.forEach(
          item -> {
            String[] kv = item.asText().split("=", 2);
            env.put(kv[0], kv.length > 1 ? interpolated(kv[1]) : "");
          });
    }
    return env;
  }

  /** A value the operator supplies through the shell, as the checks load it. */
  static final String OPERATOR_VALUE = "operator-supplied-0123456789";

  /**
   * The value as Compose hands it on: {@code ${NAME:-default}} is its default, {@code
   * ${NAME:?message}} and {@code ${NAME}} a value the operator exported ({@link #OPERATOR_VALUE}).
   */
  static String interpolated(String value) {
    var m = Pattern.compile("^\\$\\{[A-Z0-9_]+(?::?-([^}]*)|:?\\?[^}]*)?}$").matcher(value);
    if (!m.matches()) {
      return value;
    }
    return m.group(1) != null ? m.group(1) : OPERATOR_VALUE;
  }

  /** The host file bind-mounted at {@code containerPath} (short volume syntax), or null. */
  private static Path mountedFile(JsonNode service, String containerPath) {
    if (containerPath == null) return null;
    for (JsonNode volume : service.path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2 && parts[1].equals(containerPath) && parts[0].startsWith(".")) {
        return DeployFiles.root().resolve(parts[0]).normalize();
      }
    }
    return null;
  }

  /** The URLs its healthcheck fetches. */
  static List<GradstreamContainer.Probe> probes(JsonNode service) {
    List<GradstreamContainer.Probe> probes = new ArrayList<>();
    JsonNode test = service.path("healthcheck").path("test");
    StringBuilder command = new StringBuilder();
    if (test.isArray()) {
      test.forEach(t -> command.append(t.asText()).append(' '));
    } else {
      command.append(test.asText());
    }
    Matcher m = HTTP_URL.matcher(command);
    while (m.find()) {
      probes.add(
          new GradstreamContainer.Probe("healthcheck", m.group(2), Integer.parseInt(m.group(1))));
    }
    return probes;
  }

  /** Container ports published to the host ("HOST:CONTAINER"). */
  private static List<Integer> containerPorts(JsonNode service) {
    List<Integer> ports = new ArrayList<>();
    for (JsonNode p : service.path("ports")) {
      String[] parts = p.asText().split(":");
      ports.add(Integer.parseInt(parts[parts.length - 1].replaceAll("/.*", "")));
    }
    return ports;
  }
}

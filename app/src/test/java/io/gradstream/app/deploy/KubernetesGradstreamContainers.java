package io.gradstream.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradstream containers of the Deployments one kustomize overlay builds, with their environment
 * resolved from the ConfigMaps and Secrets of the same build, and the configuration file they mount
 * copied out of its ConfigMap.
 */
final class KubernetesGradstreamContainers {
  static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

  private KubernetesGradstreamContainers() {}

  static List<GradstreamContainer> of(
      String overlay, String gradstreamImageRepository, Path scratch) {
    List<Manifest> built = Kustomization.at(overlay).build();
    List<GradstreamContainer> out = new ArrayList<>();
    for (Manifest deployment : built) {
      if (!deployment.kind().equals("Deployment")) continue;
      JsonNode pod = deployment.node().path("spec").path("template").path("spec");
      for (JsonNode container : pod.path("containers")) {
        if (!container.path("image").asText().startsWith(gradstreamImageRepository + ":")) continue;
        String where =
            overlay
                + " Deployment "
                + deployment.name()
                + " container "
                + container.path("name").asText();
        Map<String, String> env = environment(container, built, where);
        Path config =
            configFile(
                pod,
                container,
                env.get("GRADSTREAM_CONFIG"),
                built,
                scratch.resolve(deployment.name()));
        out.add(
            new GradstreamContainer(
                where,
                container.path("image").asText(),
                env,
                config,
                probes(container),
                containerPorts(container)));
      }
    }
    return out;
  }

  static Map<String, String> environment(JsonNode container, List<Manifest> built, String where) {
    if (container.has("envFrom")) {
      throw new AssertionError(
          where + ": envFrom is not checked by these tests; list variables under env");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      JsonNode from = e.path("valueFrom");
      if (from.has("configMapKeyRef")) {
        env.put(name, configMapValue(built, from.path("configMapKeyRef"), where));
      } else if (from.has("secretKeyRef")) {
        env.put(name, secretValue(built, from.path("secretKeyRef"), where));
      } else if (from.isMissingNode()) {
        env.put(name, e.path("value").asText());
      } else {
        throw new AssertionError(
            where
                + ": "
                + name
                + " takes its value from "
                + from
                + ", which these tests do not resolve");
      }
    }
    return env;
  }

  private static String configMapValue(List<Manifest> built, JsonNode ref, String where) {
    Manifest map = find(built, "ConfigMap", ref.path("name").asText(), where);
    JsonNode value = map.node().path("data").path(ref.path("key").asText());
    if (value.isMissingNode()) {
      throw new AssertionError(
          where + ": ConfigMap " + map.name() + " has no key " + ref.path("key").asText());
    }
    return value.asText();
  }

  private static String secretValue(List<Manifest> built, JsonNode ref, String where) {
    Manifest secret = find(built, "Secret", ref.path("name").asText(), where);
    String key = ref.path("key").asText();
    JsonNode plain = secret.node().path("stringData").path(key);
    if (!plain.isMissingNode()) return plain.asText();
    JsonNode encoded = secret.node().path("data").path(key);
    if (!encoded.isMissingNode()) {
      return new String(Base64.getMimeDecoder().decode(encoded.asText()), StandardCharsets.UTF_8);
    }
    throw new AssertionError(where + ": Secret " + secret.name() + " has no key " + key);
  }

  private static Manifest find(List<Manifest> built, String kind, String name, String where) {
    return built.stream()
        .filter(m -> m.is(kind, name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    where + " refers to " + kind + " " + name + ", which is not in the build"));
  }

  /**
   * Copies the ConfigMap key mounted at {@code path} to a file under {@code scratch}; null when
   * nothing is mounted there.
   */
  private static Path configFile(
      JsonNode pod, JsonNode container, String path, List<Manifest> built, Path scratch) {
    if (path == null) return null;
    for (JsonNode mount : container.path("volumeMounts")) {
      String dir = mount.path("mountPath").asText();
      if (!path.startsWith(dir + "/")) continue;
      String key = path.substring(dir.length() + 1);
      for (JsonNode volume : pod.path("volumes")) {
        if (!volume.path("name").asText().equals(mount.path("name").asText())
            || !volume.has("configMap")) continue;
        Manifest map =
            find(
                built,
                "ConfigMap",
                volume.path("configMap").path("name").asText(),
                "volume " + mount);
        JsonNode content = map.node().path("data").path(key);
        if (content.isMissingNode()) return null;
        try {
          Files.createDirectories(scratch);
          return Files.writeString(scratch.resolve(key), content.asText());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return null;
  }

  static List<GradstreamContainer.Probe> probes(JsonNode container) {
    List<GradstreamContainer.Probe> probes = new ArrayList<>();
    for (String kind : PROBES) {
      JsonNode get = container.path(kind).path("httpGet");
      if (get.isMissingNode()) continue;
      probes.add(
          new GradstreamContainer.Probe(
              kind, get.path("path").asText(), port(container, get.path("port"))));
    }
    return probes;
  }

  /** A probe's port: a number, or the name of one of the container's ports. */
  static int port(JsonNode container, JsonNode port) {
    if (port.isInt()) return port.asInt();
    if (port.asText().matches("\\d+")) return Integer.parseInt(port.asText());
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) return p.path("containerPort").asInt();
    }
    throw new AssertionError("no container port named " + port.asText());
  }

  private static List<Integer> containerPorts(JsonNode container) {
    List<Integer> ports = new ArrayList<>();
    container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
    return ports;
  }
}

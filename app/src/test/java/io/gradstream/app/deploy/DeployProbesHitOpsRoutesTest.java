package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path the deployment files check or scrape is one the operational routes really serve: each
 * is fetched from {@link io.gradstream.app.http.OpsRoutes} mounted on a Vert.x router, and must
 * answer 200. Ports must be the configured http.port.
 */
class DeployProbesHitOpsRoutesTest {
  private static OpsEndpoint endpoint;

  @TempDir Path scratch;

  @BeforeAll
  static void start() throws Exception {
    endpoint = new OpsEndpoint();
  }

  @AfterAll
  static void stop() throws Exception {
    endpoint.close();
  }

  @Test
  void everyProbeAndHealthcheckPathIsServed() throws Exception {
    Map<String, String> pathsAndWhere = new LinkedHashMap<>();
    for (GradstreamContainer c : DeployedContainers.all(scratch)) {
      assertThat(c.probes()).as(c.where() + " is checked over HTTP").isNotEmpty();
      c.probes().forEach(p -> pathsAndWhere.putIfAbsent(p.path(), c.where() + " " + p.kind()));
    }
    for (String file :
        new String[] {DeployedContainers.CPU_DOCKERFILE, DeployedContainers.GPU_DOCKERFILE}) {
      Dockerfile dockerfile = new Dockerfile(DeployFiles.resolve(file));
      assertThat(dockerfile.healthcheck()).as(file + " HEALTHCHECK").isNotEmpty();
      dockerfile
          .healthcheck()
          .forEach(p -> pathsAndWhere.putIfAbsent(p.path(), file + " HEALTHCHECK"));
    }
    for (String overlay : DeployedContainers.overlays()) {
      for (Manifest m : Kustomization.at(overlay).build()) {
        if (m.kind().equals("PodMonitor")) {
          m.node()
              .path("spec")
              .path("podMetricsEndpoints")
              .forEach(e -> pathsAndWhere.putIfAbsent(e.path("path").asText(), m.toString()));
        }
      }
    }
    assertThat(pathsAndWhere.keySet()).contains("/health", "/ready", "/metrics");
    for (Map.Entry<String, String> e : pathsAndWhere.entrySet()) {
      assertThat(endpoint.status(e.getKey()))
          .as("GET %s (from %s)", e.getKey(), e.getValue())
          .isEqualTo(200);
    }
  }

  @Test
  void aPathTheRoutesDoNotServeAnswers404() throws Exception {
    // The check above can fail: an unknown path is not answered 200.
    assertThat(endpoint.status("/healthz")).isEqualTo(404);
  }

  @Test
  void livenessIsHealthAndReadinessIsReadyOnTheConfiguredPort() {
    for (GradstreamContainer c : DeployedContainers.all(scratch)) {
      GradstreamConfig config = new ConfigLoader(c.env()).load(c.configFile());
      for (GradstreamContainer.Probe p : c.probes()) {
        assertThat(p.port())
            .as(c.where() + " " + p.kind() + " port")
            .isEqualTo(config.http().port());
        if (p.kind().equals("livenessProbe") || p.kind().equals("startupProbe")) {
          assertThat(p.path()).as(c.where() + " " + p.kind()).isEqualTo("/health");
        } else if (p.kind().equals("readinessProbe")) {
          assertThat(p.path()).as(c.where() + " " + p.kind()).isEqualTo("/ready");
        }
      }
      if (c.where().startsWith("k8s/")) {
        assertThat(new TreeSet<>(c.probes().stream().map(GradstreamContainer.Probe::kind).toList()))
            .as(c.where())
            .contains("livenessProbe", "readinessProbe");
        assertThat(c.ports())
            .as(c.where() + " container ports")
            .containsExactly(config.http().port());
      }
    }
  }

  @Test
  void theImagesExposeTheDefaultHttpPort() {
    int port = new ConfigLoader(Map.of()).load(null).http().port();
    for (String file :
        new String[] {DeployedContainers.CPU_DOCKERFILE, DeployedContainers.GPU_DOCKERFILE}) {
      Dockerfile dockerfile = new Dockerfile(DeployFiles.resolve(file));
      assertThat(dockerfile.exposedPorts()).as(file).containsExactly(port);
      assertThat(dockerfile.healthcheck()).as(file).allMatch(p -> p.port() == port);
    }
  }

  @Test
  void thePodMonitorScrapesTheNamedHttpPort() {
    for (String overlay : DeployedContainers.overlays()) {
      for (Manifest m : Kustomization.at(overlay).build()) {
        if (!m.kind().equals("PodMonitor")) continue;
        for (JsonNode e : m.node().path("spec").path("podMetricsEndpoints")) {
          for (Manifest d : Kustomization.at(overlay).build()) {
            if (!d.kind().equals("Deployment")) continue;
            JsonNode container =
                d.node().path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(KubernetesGradstreamContainers.port(container, e.path("port")))
                .as(overlay + " " + d.name() + " has the port " + m + " scrapes")
                .isEqualTo(8080);
          }
        }
      }
    }
  }
}

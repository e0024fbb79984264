package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.InferenceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each overlay's Deployments are fit to run: probes, resources, a non-root security context, a
 * disruption budget, a Service, and the Prometheus job label the dashboards and rules select.
 */
class KubernetesDeploymentsTest {
  static final String JOB_LABEL = "gradstream.io/job";

  @TempDir Path scratch;

  @Test
  void everyContainerHasProbesResourcesAndANonRootSecurityContext() {
    for (String overlay : DeployedContainers.overlays()) {
      List<Manifest> deployments = deployments(overlay);
      assertThat(deployments).as(overlay).hasSize(3);
      for (Manifest d : deployments) {
        JsonNode pod = pod(d);
        String where = overlay + " " + d;
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
            .as(where + " runAsNonRoot")
            .isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt())
            .as(where + " runAsUser")
            .isPositive();
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        for (JsonNode c : containers) {
          String at = where + " container " + c.path("name").asText();
          assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
              .as(at)
              .isEqualTo("/health");
          assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
              .as(at)
              .isEqualTo("/ready");
          assertThat(c.path("resources").path("requests").has("cpu"))
              .as(at + " cpu request")
              .isTrue();
          assertThat(c.path("resources").path("requests").has("memory"))
              .as(at + " memory request")
              .isTrue();
          assertThat(c.path("resources").path("limits").has("memory"))
              .as(at + " memory limit")
              .isTrue();
          JsonNode security = c.path("securityContext");
          assertThat(
                  security.path("allowPrivilegeEscalation").isBoolean()
                      && !security.path("allowPrivilegeEscalation").asBoolean())
              .as(at + " allowPrivilegeEscalation: false")
              .isTrue();
          assertThat(security.path("readOnlyRootFilesystem").asBoolean())
              .as(at + " readOnlyRootFilesystem")
              .isTrue();
          assertThat(security.path("capabilities").path("drop").toString()).as(at).contains("ALL");
          if (security.has("runAsUser"))
            assertThat(security.path("runAsUser").asInt()).as(at).isPositive();
        }
      }
    }
  }

  @Test
  void everyPodCarriesThePrometheusJobOfItsRoleAndThePodMonitorUsesIt() {
    for (GradstreamContainer c : DeployedContainers.all(scratch)) {
      if (!c.where().startsWith("k8s/")) continue;
      String overlay = c.where().substring(0, c.where().indexOf(" Deployment "));
      String deployment = c.where().replaceAll(".* Deployment (\\S+) .*", "$1");
      JsonNode labels =
          templateLabels(Kustomization.at(overlay).find("Deployment", deployment).orElseThrow());
      assertThat(labels.path(JOB_LABEL).asText()).as(c.where()).isEqualTo("gradstream-" + c.role());
    }
    for (String overlay : DeployedContainers.overlays()) {
      Manifest monitor = Kustomization.at(overlay).find("PodMonitor", "gradstream").orElseThrow();
      assertThat(monitor.node().path("spec").path("jobLabel").asText()).isEqualTo(JOB_LABEL);
      for (Manifest d : deployments(overlay)) {
        assertThat(
                selects(
                    monitor.node().path("spec").path("selector").path("matchLabels"),
                    templateLabels(d)))
            .as(overlay + " PodMonitor selects " + d)
            .isTrue();
      }
    }
  }

  @Test
  void everyDeploymentHasOneDisruptionBudgetAndAServiceThatSelectIt() {
    for (String overlay : DeployedContainers.overlays()) {
      List<Manifest> built = Kustomization.at(overlay).build();
      for (Manifest d : deployments(overlay)) {
        JsonNode labels = templateLabels(d);
        assertThat(selects(d.node().path("spec").path("selector").path("matchLabels"), labels))
            .as(d + " selects its own pods")
            .isTrue();
        assertThat(
                built.stream()
                    .filter(m -> m.kind().equals("PodDisruptionBudget"))
                    .filter(
                        m ->
                            selects(
                                m.node().path("spec").path("selector").path("matchLabels"),
                                labels)))
            .as(overlay + " PodDisruptionBudgets of " + d)
            .hasSize(1);
        List<Manifest> services =
            built.stream()
                .filter(m -> m.kind().equals("Service"))
                .filter(m -> selects(m.node().path("spec").path("selector"), labels))
                .toList();
        assertThat(services).as(overlay + " Services of " + d).hasSize(1);
        JsonNode container = pod(d).path("containers").get(0);
        services
            .get(0)
            .node()
            .path("spec")
            .path("ports")
            .forEach(
                p ->
                    assertThat(KubernetesGradstreamContainers.port(container, p.path("targetPort")))
                        .isEqualTo(8080));
      }
      for (Manifest m : built) {
        if (!m.kind().equals("PodDisruptionBudget") && !m.kind().equals("Service")) continue;
        JsonNode selector =
            m.kind().equals("Service")
                ? m.node().path("spec").path("selector")
                : m.node().path("spec").path("selector").path("matchLabels");
        assertThat(deployments(overlay))
            .as(overlay + " " + m + " selects a Deployment's pods")
            .anyMatch(d -> selects(selector, templateLabels(d)));
      }
    }
  }

  @Test
  void theGpuOverlayGivesInferenceAGpuTheTensorRtProviderAndAnEngineCache() {
    Manifest inference =
        Kustomization.at("k8s/overlays/gpu")
            .find("Deployment", "gradstream-inference")
            .orElseThrow();
    JsonNode pod = pod(inference);
    JsonNode container = pod.path("containers").get(0);
    assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asInt())
        .isEqualTo(1);
    assertThat(container.path("resources").path("requests").path("nvidia.com/gpu").asInt())
        .isEqualTo(1);
    assertThat(pod.path("tolerations").toString()).contains("nvidia.com/gpu");
    assertThat(pod.path("nodeSelector").size()).isPositive();
    String cachePath = null;
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals("tensorrt-cache"))
        cachePath = mount.path("mountPath").asText();
    }
    assertThat(cachePath).as("tensorrt-cache volume mount").isNotNull();
    assertThat(DeployFiles.text(DeployFiles.resolve(DeployedContainers.GPU_DOCKERFILE)))
        .as("the GPU image prepares the cache folder for the non-root user")
        .contains(cachePath);
    GradstreamContainer gpu =
        DeployedContainers.all(scratch).stream()
            .filter(c -> c.where().startsWith("k8s/overlays/gpu Deployment gradstream-inference"))
            .findFirst()
            .orElseThrow();
    InferenceConfig config = new ConfigLoader(gpu.env()).load(gpu.configFile()).inference();
    assertThat(config.executionProviders()).containsExactly("tensorrt", "cuda", "cpu");
    assertThat(config.tensorrtEngineCache())
        .as("the TensorRT provider keeps its engines on the volume")
        .isEqualTo(cachePath);
    for (Manifest other : deployments("k8s/overlays/gpu")) {
      if (other.name().equals("gradstream-inference")) continue;
      assertThat(pod(other).path("containers").get(0).path("resources").toString())
          .as(other.toString())
          .doesNotContain("nvidia.com/gpu");
    }
  }

  @Test
  void theCpuOverlayAsksForNoGpu() {
    for (Manifest d : deployments("k8s/overlays/cpu")) {
      assertThat(pod(d).toString()).as(d.toString()).doesNotContain("nvidia.com/gpu");
    }
  }

  static List<Manifest> deployments(String overlay) {
    return Kustomization.at(overlay).build().stream()
        .filter(m -> m.kind().equals("Deployment"))
        .toList();
  }

  static JsonNode pod(Manifest deployment) {
    return deployment.node().path("spec").path("template").path("spec");
  }

  static JsonNode templateLabels(Manifest deployment) {
    return deployment.node().path("spec").path("template").path("metadata").path("labels");
  }

  /**
   * Whether every label of {@code selector} is on {@code labels} with the same value (and there is
   * one).
   */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (selector.isEmpty()) return false;
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      if (!labels.path(label.getKey()).asText().equals(label.getValue().asText())) return false;
    }
    return true;
  }
}

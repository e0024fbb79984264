package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose file, the manifests and the Dockerfiles name the same images, and the files they
 * build from or mount exist.
 */
class DeployImagesAreConsistentTest {
  /**
   * Bind mounts of the monitoring folder, whose contents the monitoring branch provides (issue 6
   * contract).
   */
  static final List<String> CONTRACT_MONITORING_MOUNTS =
      List.of(
          "./monitoring/prometheus:/etc/prometheus:ro",
          "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro",
          "./monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro");

  @TempDir Path scratch;

  @Test
  void theGpuImageIsTheCpuImageTaggedGpu() {
    assertThat(DeployedContainers.gpuImage()).isEqualTo(DeployedContainers.cpuImage() + "-gpu");
  }

  @Test
  void composeAndEveryOverlayRunTheCpuImageAndTheGpuOverlayRunsTheGpuImageForInference() {
    List<GradstreamContainer> all = DeployedContainers.all(scratch);
    for (GradstreamContainer c : all) {
      String expected =
          c.where().startsWith("k8s/overlays/gpu") && c.role().equals("inference")
              ? DeployedContainers.gpuImage()
              : DeployedContainers.cpuImage();
      assertThat(c.image()).as(c.where()).isEqualTo(expected);
    }
    assertThat(all).anyMatch(c -> c.image().equals(DeployedContainers.gpuImage()));
  }

  @Test
  void everyDeploymentContainerRunsAGradstreamImage() {
    for (String overlay : DeployedContainers.overlays()) {
      for (Manifest m : Kustomization.at(overlay).build()) {
        if (!m.kind().equals("Deployment")) continue;
        m.node()
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .forEach(
                c ->
                    assertThat(c.path("image").asText())
                        .as(overlay + " " + m)
                        .isIn(DeployedContainers.cpuImage(), DeployedContainers.gpuImage()));
      }
    }
  }

  @Test
  void theOverlaysRenameOnlyTheGradstreamRepository() {
    for (String overlay : DeployedContainers.overlays()) {
      assertThat(Kustomization.at(overlay).imageRenames().keySet())
          .as(overlay)
          .containsExactly(DeployedContainers.imageRepository());
    }
  }

  @Test
  void composeBuildsTheGradstreamServicesFromTheCpuDockerfile() {
    JsonNode services = ComposeGradstreamServices.compose().path("services");
    int built = 0;
    for (var it = services.fields(); it.hasNext(); ) {
      var service = it.next();
      JsonNode build = service.getValue().path("build");
      if (build.isMissingNode()) continue;
      Path context = DeployFiles.root().resolve(build.path("context").asText(".")).normalize();
      Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
      assertThat(dockerfile).as("compose service " + service.getKey()).isRegularFile();
      if (service.getValue().path("image").asText().equals(DeployedContainers.cpuImage())) {
        assertThat(DeployFiles.root().relativize(dockerfile).toString())
            .isEqualTo(DeployedContainers.CPU_DOCKERFILE);
        assertThat(context).isEqualTo(DeployFiles.root());
        built++;
      }
      for (String source : new Dockerfile(dockerfile).contextCopySources()) {
        assertThat(context.resolve(source)).as(dockerfile + " COPY " + source).exists();
      }
    }
    assertThat(built).isEqualTo(3);
  }

  @Test
  void theDockerfilesCopyOnlyWhatExistsAndRunAsANonRootUser() {
    for (String file :
        List.of(DeployedContainers.CPU_DOCKERFILE, DeployedContainers.GPU_DOCKERFILE)) {
      Dockerfile dockerfile = new Dockerfile(DeployFiles.resolve(file));
      assertThat(dockerfile.contextCopySources()).as(file).isNotEmpty();
      for (String source : dockerfile.contextCopySources()) {
        assertThat(DeployFiles.root().resolve(source)).as(file + " COPY " + source).exists();
      }
      assertThat(dockerfile.user())
          .as(file + " USER")
          .isNotNull()
          .doesNotStartWith("0")
          .doesNotStartWith("root");
      assertThat(dockerfile.instructions("FROM"))
          .as(file + " is multi-stage")
          .hasSizeGreaterThanOrEqualTo(3);
      assertThat(dockerfile.instructions("ENTRYPOINT"))
          .as(file)
          .containsExactly("[\"/opt/gradstream/bin/gradstream\"]");
    }
    assertThat(DeployFiles.resolve("docker/gradstream.sh")).isExecutable();
  }

  @Test
  void theEntrypointStartsTheJvmWithTheLaunchersOptions() {
    String launcher = DeployFiles.text(DeployFiles.resolve("gradstream"));
    String entrypoint = DeployFiles.text(DeployFiles.resolve("docker/gradstream.sh"));
    for (String option :
        List.of("-Dorg.bytedeco.javacpp.cachedir=", "GRADSTREAM_JAVA_OPTS", "-jar ")) {
      assertThat(launcher).contains(option);
      assertThat(entrypoint).contains(option);
    }
    String compat = DeployFiles.text(DeployFiles.resolve("scripts/lib/common.sh"));
    assertThat(compat)
        .contains("--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
    assertThat(entrypoint)
        .contains("--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void composeMountsExistOrAreTheMonitoringPathsTheContractNames() {
    List<String> mounts = new ArrayList<>();
    ComposeGradstreamServices.compose()
        .path("services")
        .forEach(s -> s.path("volumes").forEach(v -> mounts.add(v.asText())));
    assertThat(mounts).containsAll(CONTRACT_MONITORING_MOUNTS);
    for (String mount : mounts) {
      String source = mount.split(":")[0];
      if (!source.startsWith(".") || CONTRACT_MONITORING_MOUNTS.contains(mount)) continue;
      assertThat(DeployFiles.root().resolve(source)).as("compose bind mount " + mount).exists();
    }
  }
}

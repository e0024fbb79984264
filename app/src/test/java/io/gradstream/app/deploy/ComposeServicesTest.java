package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml has the services the issue 6 contract names, wired so they start in order and
 * scale.
 */
class ComposeServicesTest {
  static final List<String> CONTRACT_SERVICES =
      List.of("kafka", "camera", "prometheus", "grafana", "ingest", "inference", "publisher");

  private final JsonNode services = ComposeGradstreamServices.compose().path("services");

  @Test
  void theServicesAreTheContracts() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrderElementsOf(CONTRACT_SERVICES);
  }

  @Test
  void gradstreamServicesWaitForAHealthyKafkaAndHaveHealthchecks() {
    for (String role : List.of("ingest", "inference", "publisher")) {
      JsonNode service = services.path(role);
      assertThat(service.path("depends_on").path("kafka").path("condition").asText())
          .as(role)
          .isEqualTo("service_healthy");
      assertThat(service.path("command").toString()).as(role).isEqualTo("[\"run\"]");
      assertThat(ComposeGradstreamServices.probes(service)).as(role + " healthcheck").isNotEmpty();
    }
    assertThat(services.path("kafka").path("healthcheck").path("test").isMissingNode()).isFalse();
    assertThat(
            services
                .path("grafana")
                .path("depends_on")
                .path("prometheus")
                .path("condition")
                .asText())
        .isEqualTo("service_healthy");
  }

  @Test
  void inferenceCanBeScaled() {
    JsonNode inference = services.path("inference");
    assertThat(inference.isMissingNode()).isFalse();
    assertThat(inference.has("container_name"))
        .as("a fixed container name stops --scale")
        .isFalse();
    assertThat(inference.has("ports")).as("a host port stops --scale").isFalse();
    services.forEach(s -> assertThat(s.has("container_name")).as("container_name").isFalse());
  }

  @Test
  void theCamerasTheComposeConfigRegistersAreServedByTheCameraService() {
    Path file = DeployFiles.resolve("docker/compose/gradstream.yaml");
    List<CameraConfig> cameras = new ConfigLoader(Map.of()).load(file).cameras();
    assertThat(cameras).isNotEmpty();
    String mediamtx = DeployFiles.text(DeployFiles.resolve("docker/camera/mediamtx.yml"));
    for (CameraConfig camera : cameras) {
      URI url = URI.create(camera.url());
      assertThat(services.has(url.getHost()))
          .as(camera.id() + " at " + url + " is a compose service")
          .isTrue();
      assertThat(mediamtx)
          .as("mediamtx serves the path of " + url)
          .contains("\n  " + url.getPath().substring(1) + ":\n");
    }
  }

  @Test
  void theMediamtxConfigParsesAndLoopsItsSource() {
    JsonNode mediamtx = DeployFiles.yaml(DeployFiles.resolve("docker/camera/mediamtx.yml"));
    String run = mediamtx.path("paths").path("campus").path("runOnInit").asText();
    assertThat(run).contains("-stream_loop -1", "-re", "rtsp://localhost:$RTSP_PORT/$MTX_PATH");
    assertThat(DeployFiles.text(DeployFiles.resolve("docker/camera/Dockerfile")))
        .contains(run.replaceAll(".* -i (\\S+) .*", "$1"))
        .contains("-ffmpeg");
  }
}

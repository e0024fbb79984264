package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.CameraConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cameras in the config file against the registry restored from Kafka across restarts. */
@Tag("e2e")
class ConfigCamerasIT {
  @TempDir Path dir;

  @Test
  void aCameraWhoseUrlChangedInTheConfigIsUpdatedOnRestartAndRestCamerasAreKept() {
    Path data = dir.resolve("kafka");
    // File cameras must lie in ingest.file-roots: here the missing files' directory and the
    // footage's.
    String[] roots = {"/nonexistent", DemoFootage.vtestAvi().getParent().toString()};
    try (GradstreamRuntime first =
        GradstreamRuntime.start(
            TestConfigs.withFileRoots(
                TestConfigs.ingest(
                    data,
                    List.of(
                        new CameraConfig(
                            "gate", "/nonexistent/old-gate.mp4", null, null, null, null))),
                roots))) {
      HttpApi api = HttpApi.of(first);
      assertThat(
              api.post("/cameras", "{\"id\":\"added\",\"url\":\"/nonexistent/added.mp4\"}")
                  .status())
          .isEqualTo(201);
    }

    String newUrl = DemoFootage.vtestAvi().toString();
    try (GradstreamRuntime second =
        GradstreamRuntime.start(
            TestConfigs.withFileRoots(
                TestConfigs.ingest(
                    data, List.of(new CameraConfig("gate", newUrl, null, null, true, null))),
                roots))) {
      HttpApi api = HttpApi.of(second);
      assertThat(api.get("/cameras/gate").json().path("url").asText()).isEqualTo(newUrl);
      assertThat(api.get("/cameras").json())
          .extracting(n -> n.path("id").asText())
          .containsExactly("added", "gate");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.cameraStatus("gate").path("state").asText(), "STREAMING"::equals);
    }
  }
}

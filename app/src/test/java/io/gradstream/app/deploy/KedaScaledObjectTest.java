package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KEDA ScaledObject scales the inference Deployment on the lag of the consumer group and topic
 * the workers really use (their own configuration, defaults.yaml under it), never past the frames
 * topic's partitions.
 */
class KedaScaledObjectTest {
  @TempDir Path scratch;

  @Test
  void itScalesTheInferenceWorkersOnTheirOwnTopicAndGroup() {
    for (String overlay : DeployedContainers.overlays()) {
      Manifest scaled =
          Kustomization.at(overlay).find("ScaledObject", "gradstream-inference").orElseThrow();
      JsonNode spec = scaled.node().path("spec");
      assertThat(spec.path("scaleTargetRef").path("kind").asText("Deployment"))
          .isEqualTo("Deployment");
      String target = spec.path("scaleTargetRef").path("name").asText();
      GradstreamContainer worker =
          DeployedContainers.all(scratch).stream()
              .filter(c -> c.where().startsWith(overlay + " Deployment " + target + " "))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          overlay
                              + ": the ScaledObject targets "
                              + target
                              + ", no such Deployment"));
      assertThat(worker.role())
          .as(overlay + ": the scaled Deployment's role")
          .isEqualTo("inference");
      GradstreamConfig config = new ConfigLoader(worker.env()).load(worker.configFile());

      assertThat(spec.path("triggers")).hasSize(1);
      JsonNode trigger = spec.path("triggers").get(0);
      assertThat(trigger.path("type").asText()).isEqualTo("kafka");
      JsonNode meta = trigger.path("metadata");
      assertThat(meta.path("topic").asText()).isEqualTo(config.kafka().topics().frames().name());
      assertThat(meta.path("consumerGroup").asText()).isEqualTo(config.inference().consumerGroup());
      String brokersFrom = meta.path("bootstrapServersFromEnv").asText();
      assertThat(worker.env())
          .as("KEDA reads the brokers from the worker's variable " + brokersFrom)
          .containsKey(brokersFrom);
      assertThat(worker.env().get(brokersFrom))
          .isEqualTo(config.kafka().bootstrapServers())
          .isNotBlank();
      assertThat(Integer.parseInt(meta.path("lagThreshold").asText())).isPositive();

      int partitions = config.kafka().topics().frames().partitions();
      assertThat(spec.path("minReplicaCount").asInt()).isBetween(1, partitions);
      assertThat(spec.path("maxReplicaCount").asInt())
          .as("a worker beyond the partitions idles")
          .isBetween(1, partitions);
    }
  }

  @Test
  void theDefaultsAreWhatTheManifestsName() {
    GradstreamConfig defaults = new ConfigLoader(java.util.Map.of()).load(null);
    JsonNode meta =
        Kustomization.at("k8s/base")
            .find("ScaledObject", "gradstream-inference")
            .orElseThrow()
            .node()
            .path("spec")
            .path("triggers")
            .get(0)
            .path("metadata");
    assertThat(meta.path("topic").asText())
        .isEqualTo(defaults.kafka().topics().frames().name())
        .isEqualTo("gradstream.frames");
    assertThat(meta.path("consumerGroup").asText())
        .isEqualTo(defaults.inference().consumerGroup())
        .isEqualTo("gradstream-inference");
  }

  @Test
  void theInferenceDeploymentLeavesItsReplicaCountToKeda() {
    Manifest inference =
        Kustomization.at("k8s/base").find("Deployment", "gradstream-inference").orElseThrow();
    assertThat(inference.node().path("spec").has("replicas"))
        .as("a replica count in the manifest would fight the autoscaler on every apply")
        .isFalse();
  }
}

package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where the real tools are installed (kubectl with its built-in kustomize; Debian's
 * docker-compose), they accept the files, and kustomize builds the same objects and environment the
 * other tests read. Skipped where a tool is missing: the other tests do not depend on them.
 */
class DeployToolsAgreeTest {

  @Test
  void kubectlKustomizeBuildsEveryOverlayAsTheseTestsDo() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    for (String overlay : DeployedContainers.overlays()) {
      Run run = run("kubectl", "kustomize", overlay);
      assertThat(run.exit()).as(overlay + ": " + run.output()).isZero();
      List<JsonNode> rendered = new ArrayList<>();
      try (MappingIterator<JsonNode> it =
          new YAMLMapper().readerFor(JsonNode.class).readValues(run.output())) {
        it.forEachRemaining(rendered::add);
      }
      List<Manifest> ours = Kustomization.at(overlay).build();
      assertThat(
              new TreeSet<>(
                  rendered.stream()
                      .map(
                          d ->
                              d.path("kind").asText()
                                  + "/"
                                  + d.path("metadata").path("name").asText())
                      .toList()))
          .as(overlay)
          .isEqualTo(new TreeSet<>(ours.stream().map(m -> m.kind() + "/" + m.name()).toList()));
      for (JsonNode d : rendered) {
        if (!d.path("kind").asText().equals("Deployment")) continue;
        Manifest mine =
            ours.stream()
                .filter(m -> m.is("Deployment", d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow();
        JsonNode theirs = d.path("spec").path("template").path("spec").path("containers").get(0);
        JsonNode ourContainer =
            mine.node().path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(theirs.path("env"))
            .as(overlay + " " + mine + " env")
            .isEqualTo(ourContainer.path("env"));
        assertThat(theirs.path("image"))
            .as(overlay + " " + mine + " image")
            .isEqualTo(ourContainer.path("image"));
        assertThat(theirs.path("resources"))
            .as(overlay + " " + mine + " resources")
            .isEqualTo(ourContainer.path("resources"));
        assertThat(d.path("metadata").path("namespace").asText()).isEqualTo("gradstream");
      }
    }
  }

  @Test
  void dockerComposeAcceptsTheComposeFile() throws Exception {
    assumeTrue(onPath("docker-compose"), "docker-compose is not installed");
    Run run = run("docker-compose", "-f", ComposeGradstreamServices.COMPOSE_FILE, "config", "-q");
    assertThat(run.exit()).as(run.output()).isZero();
  }

  /**
   * The cluster form laid over the stack: three brokers, each a voter of the one quorum, topics'
   * defaults of replication factor 3 and min.insync.replicas 2, and every gradstream service
   * bootstrapping from all three.
   */
  @Test
  void dockerComposeLaysTheThreeBrokerClusterOverTheStack() throws Exception {
    assumeTrue(onPath("docker-compose"), "docker-compose is not installed");
    Run run =
        run(
            "docker-compose",
            "-f",
            ComposeGradstreamServices.COMPOSE_FILE,
            "-f",
            "docker-compose.cluster.yml",
            "config");
    assertThat(run.exit()).as(run.output()).isZero();
    JsonNode services = new YAMLMapper().readTree(run.output()).path("services");
    List<String> brokers = List.of("kafka", "kafka-2", "kafka-3");
    for (int i = 0; i < brokers.size(); i++) {
      JsonNode env = services.path(brokers.get(i)).path("environment");
      assertThat(env.path("KAFKA_NODE_ID").asText()).isEqualTo(Integer.toString(i + 1));
      assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText())
          .isEqualTo("1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093");
      assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText())
          .isEqualTo("PLAINTEXT://" + brokers.get(i) + ":9092");
      assertThat(env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asText()).isEqualTo("3");
      assertThat(env.path("KAFKA_MIN_INSYNC_REPLICAS").asText()).isEqualTo("2");
      assertThat(env.path("CLUSTER_ID").asText()).isNotBlank();
    }
    for (String role : List.of("ingest", "inference", "publisher")) {
      assertThat(
              services
                  .path(role)
                  .path("environment")
                  .path("GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS")
                  .asText())
          .as(role)
          .isEqualTo("kafka:9092,kafka-2:9092,kafka-3:9092");
    }
  }

  private record Run(int exit, String output) {}

  private static Run run(String... command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(DeployFiles.root().toFile())
            .redirectErrorStream(true);
    // The compose file refuses to render without the access token an operator exports.
    builder
        .environment()
        .put("GRADSTREAM_HTTP_AUTH_TOKEN", ComposeGradstreamServices.OPERATOR_VALUE);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), output);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) return true;
    }
    return false;
  }
}

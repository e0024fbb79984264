package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GRADSTREAM_* variable docker-compose.yml, the Kubernetes manifests and the Dockerfiles set
 * is a configuration key (or one of the two launcher variables), proven by loading it with the real
 * {@link ConfigLoader}, which refuses unknown GRADSTREAM_* names just as gradstream does at start.
 */
class DeployEnvironmentIsConfigurationTest {
  /**
   * Read by the image's entrypoint (docker/gradstream.sh) and the command line, not configuration
   * keys.
   */
  static final Set<String> LAUNCHER_VARIABLES = Set.of("GRADSTREAM_CONFIG", "GRADSTREAM_JAVA_OPTS");

  static final Set<String> ROLES = Set.of("ingest", "inference", "publisher");

  @TempDir Path scratch;

  @Test
  void everyGradstreamVariableInTheDeployFilesIsAConfigurationKeyOrALauncherVariable() {
    List<String> problems = new ArrayList<>();
    for (GradstreamContainer c : DeployedContainers.all(scratch)) {
      c.env().forEach((name, value) -> check(c.where(), name, value, problems));
    }
    for (String file :
        List.of(DeployedContainers.CPU_DOCKERFILE, DeployedContainers.GPU_DOCKERFILE)) {
      new Dockerfile(DeployFiles.resolve(file))
          .env()
          .forEach(
              (name, value) -> {
                if (name.startsWith(ConfigLoader.ENV_PREFIX)) check(file, name, value, problems);
              });
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theDeployFilesSetGradstreamVariablesAtAll() {
    // Guards the test above against passing on nothing (a renamed image, a parser that finds no
    // env).
    List<GradstreamContainer> containers = DeployedContainers.all(scratch);
    assertThat(containers)
        .extracting(GradstreamContainer::role)
        .contains("ingest", "inference", "publisher");
    assertThat(containers).hasSizeGreaterThanOrEqualTo(9); // 3 compose services + 3 per overlay
    assertThat(containers)
        .allSatisfy(c -> assertThat(c.env()).containsKeys("GRADSTREAM_ROLES", "GRADSTREAM_CONFIG"));
  }

  @Test
  void gradstreamContainersSetNothingButGradstreamVariables() {
    for (GradstreamContainer c : DeployedContainers.all(scratch)) {
      assertThat(c.env().keySet())
          .as(c.where())
          .allMatch(name -> name.startsWith(ConfigLoader.ENV_PREFIX));
    }
  }

  @Test
  void everyGradstreamContainerLoadsItsWholeConfigurationAsTheContractSays() {
    Map<String, String> imageEnv =
        new Dockerfile(DeployFiles.resolve(DeployedContainers.CPU_DOCKERFILE)).env();
    for (GradstreamContainer c : DeployedContainers.all(scratch)) {
      assertThat(c.configFile())
          .as(c.where() + ": the file GRADSTREAM_CONFIG names is mounted from the repository")
          .isNotNull()
          .isRegularFile();
      Map<String, String> env = new LinkedHashMap<>(imageEnv);
      env.putAll(c.env());
      GradstreamConfig config = new ConfigLoader(env).load(c.configFile());
      assertThat(config.roles()).as(c.where()).hasSize(1).allMatch(ROLES::contains);
      assertThat(config.http().host()).as(c.where()).isEqualTo("0.0.0.0");
      assertThat(config.http().port()).as(c.where()).isEqualTo(8080);
      assertThat(config.kafka().bootstrapServers())
          .as(c.where() + ": an external cluster, not the embedded broker")
          .isNotBlank();
    }
  }

  @Test
  void everyGradstreamContainerAsksForTheAccessTokenGivenFromOutsideTheRepository() {
    for (GradstreamContainer c : DeployedContainers.all(scratch)) {
      // Compose: the operator's exported value; Kubernetes: the Secret's placeholder, replaced from
      // an overlay.
      assertThat(c.env()).as(c.where()).containsKey("GRADSTREAM_HTTP_AUTH_TOKEN");
      assertThat(c.env().get("GRADSTREAM_HTTP_AUTH_TOKEN"))
          .as(c.where() + ": no real token committed")
          .isIn("", ComposeGradstreamServices.OPERATOR_VALUE);
      GradstreamConfig config = new ConfigLoader(c.env()).load(c.configFile());
      assertThat(config.http().auth().enabled()).as(c.where()).isTrue();
    }
  }

  @Test
  void theLauncherVariablesAreReadWhereTheImagesStartGradstream() {
    assertThat(DeployFiles.text(DeployFiles.resolve("docker/gradstream.sh")))
        .contains("GRADSTREAM_JAVA_OPTS");
    assertThat(
            DeployFiles.text(
                DeployFiles.resolve("app/src/main/java/io/gradstream/app/ConfigOption.java")))
        .contains("env:GRADSTREAM_CONFIG");
  }

  @Test
  void aVariableThatIsNoKeyIsRefusedByTheLoaderTheseChecksUse() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of("GRADSTREAM_HTTP_PROT", "8080")).load(null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GRADSTREAM_HTTP_PORT");
  }

  private static void check(String where, String name, String value, List<String> problems) {
    if (!name.startsWith(ConfigLoader.ENV_PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
      return;
    }
    try {
      new ConfigLoader(Map.of(name, value)).load(null);
    } catch (ConfigException e) {
      problems.add(where + ": " + name + "=" + value + " -> " + e.getMessage());
    }
  }
}

package io.gradstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's {@code monitoring/} folder, as the tests read it: paths, parsed JSON and YAML.
 */
final class MonitoringFiles {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private MonitoringFiles() {}

  /**
   * {@code monitoring/} at the repository root; Maven runs the app module's tests in {@code app/}.
   */
  static Path root() {
    for (Path candidate : List.of(Path.of("..", "monitoring"), Path.of("monitoring"))) {
      if (Files.isDirectory(candidate.resolve("prometheus"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new AssertionError("no monitoring/ folder beside " + Path.of("").toAbsolutePath());
  }

  static Path prometheusConfig() {
    return root().resolve("prometheus/prometheus.yml");
  }

  static List<Path> ruleFiles() {
    return list(root().resolve("prometheus/rules"), ".yml");
  }

  static List<Path> ruleTestFiles() {
    return list(root().resolve("prometheus/tests"), ".yml");
  }

  static List<Path> dashboardFiles() {
    return list(root().resolve("grafana/dashboards"), ".json");
  }

  static List<Path> provisioningFiles() {
    try (Stream<Path> files = Files.walk(root().resolve("grafana/provisioning"))) {
      return files
          .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode yaml(Path file) {
    try {
      JsonNode node = YAML.readTree(file.toFile());
      assertThat(node).as("%s is empty", file).isNotNull();
      return node;
    } catch (IOException e) {
      throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found =
          files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
      assertThat(found).as("%s files in %s", suffix, dir).isNotEmpty();
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

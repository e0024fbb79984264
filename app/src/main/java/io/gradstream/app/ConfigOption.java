package io.gradstream.app;

import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands that load the configuration. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "${env:GRADSTREAM_CONFIG}",
      description =
          "YAML configuration file (default: $GRADSTREAM_CONFIG, else built-in defaults). "
              + "Every key can also be set as GRADSTREAM_<KEY>, e.g. GRADSTREAM_HTTP_PORT=8081.")
  Path file;

  /** Loads and validates the configuration; throws ConfigException listing every problem. */
  GradstreamConfig load() {
    return ConfigLoader.fromSystemEnvironment().load(file);
  }
}

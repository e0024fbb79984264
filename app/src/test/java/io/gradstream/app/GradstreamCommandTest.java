package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class GradstreamCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = Gradstream.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "detect", "model", "config", "bench"})
  void everySubcommandHasHelp(String subcommand) {
    assertThat(execute(subcommand, "--help")).isZero();
    assertThat(out.toString()).contains("Usage: gradstream " + subcommand).contains("--help");
  }

  @Test
  void topLevelHelpListsTheSubcommands() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("run").contains("demo").contains("detect").contains("config");
  }

  @Test
  void configCommandNamesTheMistypedKeyAndExitsWithTwo(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("gradstream.yaml"), "http:\n  prot: 8081\ningest:\n  jpeg-quality: 400\n");
    int code = execute("config", "--config", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("http.prot").contains("Did you mean 'http.port'?")
        .contains(file.toString())
        .doesNotContain("\tat ");
  }

  @Test
  void configCommandPrintsTheEffectiveConfigurationWithCredentialsRedacted(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("gradstream.yaml"),
        "http:\n  port: 8181\ncameras:\n  - id: gate\n    url: rtsp://admin:hunter2@10.0.0.5/live\n");
    assertThat(execute("config", "--config", file.toString())).isZero();
    assertThat(out.toString()).contains("port: 8181").contains("gate").contains("***@10.0.0.5").doesNotContain("hunter2");
  }
}

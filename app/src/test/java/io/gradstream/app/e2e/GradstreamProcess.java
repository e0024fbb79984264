package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code gradstream} as a real process from the built jar, its output in a log file. */
final class GradstreamProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private GradstreamProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java -jar gradstream.jar ARGS} with only the given GRADSTREAM_* variables set.
   *
   * @param env configuration through the environment, as an operator would give it
   */
  static GradstreamProcess start(Path log, Map<String, String> env, String... args)
      throws IOException {
    String jar = System.getProperty("gradstream.jar");
    assertThat(jar).as("failsafe passes the built jar as -Dgradstream.jar").isNotNull();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir="
                    + System.getProperty(
                        "org.bytedeco.javacpp.cachedir",
                        System.getProperty("user.home") + "/.cache/gradstream/javacpp"),
                "-jar",
                jar));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("GRADSTREAM_"));
    pb.environment().putAll(env);
    return new GradstreamProcess(pb.start(), log);
  }

  Process process() {
    return process;
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Waits until the log shows {@code text}. */
  GradstreamProcess awaitLog(String text, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> log().contains(text));
    return this;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

package io.gradstream.app.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code promtool} (package prometheus), run on files. */
final class Promtool {
  static final Path BINARY = Path.of("/usr/bin/promtool");

  private Promtool() {}

  /** What one run printed and how it ended. */
  record Result(int exitCode, String output) {}

  static Result run(Path workingDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Result(
          p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
    }
  }
}

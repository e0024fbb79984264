package io.gradstream.app;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The file in, results out and frame limit shared by the commands that work on one image or video.
 */
final class MediaArguments {
  @Parameters(
      index = "0",
      paramLabel = "IMAGE|VIDEO",
      description = "an image (jpg, png, ...) or a video file")
  Path input;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "directory for the results (created if missing)")
  Path outputDir;

  @Option(
      names = "--max-frames",
      paramLabel = "N",
      defaultValue = "0",
      description = "video: stop after N frames (default: the whole video)")
  long maxFrames;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Fails as a usage error, naming the file, when the input is not a readable file. */
  void requireInput() {
    if (!Files.isRegularFile(input)) {
      throw new ParameterException(command.commandLine(), "no such file: " + input);
    }
  }
}

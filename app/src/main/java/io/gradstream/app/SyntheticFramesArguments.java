package io.gradstream.app;

import io.gradstream.app.bench.BenchFrames;
import io.gradstream.app.bench.pipeline.JpegFramePool;
import io.gradstream.common.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The footage of the bench commands' cameras and the frames synthetic cameras cycle through. */
final class SyntheticFramesArguments {
  @Option(
      names = "--video",
      paramLabel = "FILE",
      defaultValue = BenchFrames.DEFAULT_VIDEO,
      description = "footage of every camera (default: ${DEFAULT-VALUE})")
  Path video;

  @Option(
      names = "--pool-frames",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "consecutive frames the synthetic cameras cycle through (default: ${DEFAULT-VALUE})")
  int poolFrames;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Fails as a usage error when the video is not a file or the pool would be empty. */
  void validate() {
    if (poolFrames < 1) {
      throw new ParameterException(
          command.commandLine(), "--pool-frames must be positive, got " + poolFrames);
    }
    if (!Files.isRegularFile(video)) {
      throw new ParameterException(
          command.commandLine(), "no such video: " + video + " (set --video)");
    }
  }

  /**
   * JPEG-encodes the first {@code --pool-frames} frames once, at ingest's quality, saying so on
   * {@code out}.
   */
  JpegFramePool load(PrintWriter out) throws IOException {
    out.printf(Locale.ROOT, "encoding %d frames of %s as JPEG (not timed)%n", poolFrames, video);
    out.flush();
    return JpegFramePool.load(
        video, poolFrames, new ConfigLoader(Map.of()).load(null).ingest().jpegQuality());
  }
}

package io.gradstream.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gradstream model}: detector model files (import, describe). */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Imports detector models into ONNX and describes ONNX detector files.",
    subcommands = {ModelImportCommand.class, ModelInfoCommand.class})
final class ModelCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

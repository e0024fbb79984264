package io.gradstream.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gradstream bench}: performance measurements. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measures gradstream's performance on this machine (see docs/BENCHMARKS.md).",
    subcommands = {
      BenchDetectorCommand.class,
      BenchExplainCommand.class,
      BenchFaithfulnessCommand.class,
      BenchPipelineCommand.class,
      BenchKafkaCommand.class
    })
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

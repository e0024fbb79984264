package io.gradstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code gradstream} command. */
@Command(
    name = "gradstream",
    mixinStandardHelpOptions = true,
    versionProvider = Gradstream.Version.class,
    description = "Explains object detections on live video: Grad-CAM for every detection.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      DetectCommand.class,
      ExplainCommand.class,
      CalibrateCommand.class,
      ModelCommand.class,
      ConfigCommand.class,
      BenchCommand.class,
      HelpCommand.class
    })
public final class Gradstream implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with gradstream's error handling, for main and tests. */
  static CommandLine commandLine() {
    return new CommandLine(new Gradstream()).setExecutionExceptionHandler(new CommandErrors());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Gradstream.class.getPackage().getImplementationVersion();
      return new String[] {"gradstream " + (v == null ? "(development build)" : v)};
    }
  }
}

package io.gradstream.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The gradstream command line with what it prints captured, as a person at a terminal would see it.
 */
final class CapturedCli {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /**
   * Runs {@code gradstream ARGS} in this JVM, with gradstream's own error handling; returns the
   * exit code.
   */
  int execute(String... args) {
    CommandLine cli = Gradstream.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Forgets what was printed, so the next run's output stands alone. */
  void clear() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  /** Everything printed to standard output so far. */
  String out() {
    return out.toString();
  }

  /** Everything printed to standard error so far. */
  String err() {
    return err.toString();
  }
}

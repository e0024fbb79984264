package io.gradstream.app;

import io.gradstream.app.runtime.StartupException;
import io.gradstream.common.config.ConfigException;
import io.gradstream.inference.image.ImageDecodeException;
import io.gradstream.inference.model.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns failures into a sentence and an exit code instead of a bare stack trace. */
final class CommandErrors implements IExecutionExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(CommandErrors.class);
  static final int CONFIG_ERROR = 2;
  static final int START_ERROR = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    var err = command.getErr();
    if (e instanceof ConfigException) {
      err.println("gradstream: " + e.getMessage());
      return CONFIG_ERROR;
    }
    if (e instanceof ModelException || e instanceof ImageDecodeException) {
      // The message already names the file, what is wrong and what to do.
      err.println("gradstream: " + e.getMessage());
      log.debug("model or image failure", e);
      return START_ERROR;
    }
    if (e instanceof StartupException) {
      err.println("gradstream: " + e.getMessage());
      log.debug("startup failure", e);
      return START_ERROR;
    }
    log.error("event=unexpected-error", e);
    err.println(
        "gradstream: unexpected error: "
            + e
            + " (the log above has the details; please report it)");
    return START_ERROR;
  }
}

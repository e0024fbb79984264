package io.gradstream.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) for the long-running commands: the first starts the orderly stop (the
 * JVM's exit, so the shutdown hooks run, each bounded by {@code stop-timeout-ms}); a second one
 * ends the process at once. The JVM alone would ignore the second while its hooks run. {@code
 * sun.misc.Signal} is the JDK's supported way (module jdk.unsupported) to handle signals; where it
 * is missing, the JVM's own handling stays.
 */
final class StopSignals {
  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  /** Installs the handlers for SIGTERM and SIGINT. */
  static void install() {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(
            new Signal(name),
            signal -> {
              int status = 128 + signal.getNumber();
              if (received.incrementAndGet() == 1) {
                log.info(
                    "event=stop-requested signal=SIG{} (send it again to stop at once)",
                    signal.getName());
                // Not on the signal's thread: exit runs the shutdown hooks, which wait for the
                // stop.
                new Thread(() -> System.exit(status), "gradstream-exit").start();
              } else {
                log.warn(
                    "event=stop-forced signal=SIG{}: exiting without finishing the stop",
                    signal.getName());
                Runtime.getRuntime().halt(status);
              }
            });
      } catch (IllegalArgumentException e) {
        log.debug(
            "signal {} cannot be handled here ({}); the JVM's default applies",
            name,
            e.getMessage());
      }
    }
  }
}

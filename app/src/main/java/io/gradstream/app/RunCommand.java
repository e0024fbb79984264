package io.gradstream.app;

import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.GradstreamConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gradstream run}: all configured roles in this JVM, until SIGTERM or Ctrl-C. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Starts gradstream: an embedded single-node Kafka broker (unless kafka.bootstrap-servers names a cluster),",
      "the topics, the configured roles and the HTTP server (camera API, viewer, /metrics, /health, /ready).",
      "The HTTP server asks for http.auth.token; without one it makes one and prints the viewer URL with it.",
      "Stops cleanly on SIGTERM or Ctrl-C, within stop-timeout-ms; a second SIGTERM or Ctrl-C stops at once."
    })
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws InterruptedException {
    GradstreamConfig loaded = config.load();
    GradstreamRuntime runtime = GradstreamRuntime.start(loaded);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "gradstream-shutdown"));
    StopSignals.install();
    System.out.printf(
        "gradstream is running: viewer /, camera API %s/cameras, metrics /metrics. Ctrl-C stops it.%n",
        AccessNotice.baseUrl(loaded.http().host(), runtime.httpPort()));
    System.out.println(
        AccessNotice.lines(runtime, loaded.http().host(), AccessNotice.toTerminal()));
    stopped.await();
    return 0;
  }
}

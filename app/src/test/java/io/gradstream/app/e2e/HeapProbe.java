package io.gradstream.app.e2e;

import io.gradstream.app.bench.pipeline.PrometheusScrape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Heap in use after a full GC: what is really held, not garbage waiting for the collector. This JVM
 * (broker, ingest, publisher) is collected directly; a worker process through {@code jcmd PID
 * GC.run}, then read from its own {@code jvm_memory_used_bytes{area="heap"}}.
 */
final class HeapProbe {
  private HeapProbe() {}

  /** This JVM's heap in use after two full collections, in bytes. */
  static long afterGcHere() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * A worker process's heap in use after {@code jcmd GC.run}, in bytes, or -1 when it cannot be
   * measured.
   */
  static long afterGcOf(Process worker, int httpPort) {
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process gc =
          new ProcessBuilder(jcmd.toString(), Long.toString(worker.pid()), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
        gc.destroyForcibly();
        return -1;
      }
      return PrometheusScrape.of(httpPort)
          .sumBy("jvm_memory_used_bytes", "area")
          .getOrDefault("heap", -1.0)
          .longValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}

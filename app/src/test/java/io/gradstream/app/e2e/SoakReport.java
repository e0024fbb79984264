package io.gradstream.app.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a soak run measured, printed as a table and written as JSON. Times are seconds from the
 * start of the run; recovery times are seconds from the end of the fault; counts come from the
 * roles' own metrics (last scrape; a killed worker's is its last scrape before the kill) and from
 * the topics as read by the test.
 */
record SoakReport(
    String form,
    String startedAt,
    double runSeconds,
    int cameras,
    double fpsPerCamera,
    String model,
    Frames frames,
    List<Worker> workers,
    Publisher publisher,
    Alerts alerts,
    Faults faults,
    Heap heap) {

  /**
   * Ingest's side as the cameras stopped: frames it produced and dropped; and what the frames topic
   * holds, including the frames written before the workers were ready, which no worker reads (their
   * group starts at the end of the topic: live video, latest wins).
   */
  record Frames(
      long ingestProduced,
      Map<String, Double> ingestDropped,
      long ingestSkippedByFpsCap,
      long ingestReconnects,
      long onTopic,
      long distinctOnTopic,
      long onTopicBeforeWorkersReady) {}

  /**
   * One inference worker process: frames consumed, explained frames produced, frames dropped by
   * reason.
   */
  record Worker(
      String name,
      boolean killed,
      long framesIn,
      long framesOut,
      Map<String, Double> dropped,
      long deadLetters,
      long deliveryRetries,
      long heapAfterGcBeforeBytes,
      long heapAfterGcAfterBytes) {}

  /**
   * The publisher's side: the detections topic, what it committed, its join outcomes and retries.
   */
  record Publisher(
      long detectionsOnTopic,
      long distinctDetectionFrames,
      long detectionsCommitted,
      Map<String, Double> joinOutcomes,
      long detectionsUnmatched,
      long messagesSkipped,
      long detectionsRetried,
      long alertWriteFailures,
      long alertStaleFrames) {}

  /** Alerts expected (replay of the detections topic) against delivered (alerts topic, webhook). */
  record Alerts(
      int expected,
      int onTopicDistinct,
      long onTopicRecords,
      int webhookDistinct,
      long webhookRequests,
      Set<String> missingFromTopic,
      Set<String> unexpectedOnTopic,
      Set<String> missingAtWebhook,
      boolean equal) {}

  /** The two faults and how long the stream took to come back after each. */
  record Faults(
      double brokerStoppedAtS,
      double brokerStopTookS,
      double brokerRestartedAtS,
      double brokerDownS,
      Double framesAllCamerasBackS,
      Double detectionsAllCamerasBackS,
      Double publisherCommittingAgainS,
      double workerKilledAtS,
      String killedWorker,
      Double survivorHasAllCamerasS) {}

  /**
   * Heap of the test JVM (broker, ingest, publisher) after a full GC, before and after the run, and
   * its peak.
   */
  record Heap(long beforeAfterGcBytes, long afterAfterGcBytes, long maxSampledBytes) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the report as JSON to {@code file}, creating its folder. */
  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), this);
  }

  /** The report as a table for the console. */
  String table() {
    List<String> rows = new ArrayList<>();
    rows.add(
        String.format(
            Locale.ROOT,
            "soak (%s form): %.0f s, %d cameras at %.1f fps, %s, started %s",
            form,
            runSeconds,
            cameras,
            fpsPerCamera,
            model,
            startedAt));
    rows.add(row("ingest frames produced", frames.ingestProduced()));
    rows.add(row("ingest frames dropped", frames.ingestDropped()));
    rows.add(row("ingest reconnects", frames.ingestReconnects()));
    rows.add(
        row(
            "frames on topic (distinct; before workers ready)",
            frames.onTopic()
                + " ("
                + frames.distinctOnTopic()
                + "; "
                + frames.onTopicBeforeWorkersReady()
                + ")"));
    for (Worker w : workers) {
      String name = "worker " + w.name() + (w.killed() ? " (killed)" : "");
      rows.add(row(name + " frames in/out", w.framesIn() + " / " + w.framesOut()));
      rows.add(row(name + " dropped", w.dropped()));
      rows.add(
          row(
              name + " dead letters / delivery retries",
              w.deadLetters() + " / " + w.deliveryRetries()));
    }
    rows.add(
        row(
            "detections on topic (distinct frames)",
            publisher.detectionsOnTopic() + " (" + publisher.distinctDetectionFrames() + ")"));
    rows.add(row("publisher committed detections", publisher.detectionsCommitted()));
    rows.add(row("publisher join outcomes", publisher.joinOutcomes()));
    rows.add(
        row(
            "publisher unmatched / skipped / retried",
            publisher.detectionsUnmatched()
                + " / "
                + publisher.messagesSkipped()
                + " / "
                + publisher.detectionsRetried()));
    rows.add(
        row(
            "alert write failures / stale frames",
            publisher.alertWriteFailures() + " / " + publisher.alertStaleFrames()));
    rows.add(
        row(
            "alerts expected / on topic / at webhook",
            alerts.expected()
                + " / "
                + alerts.onTopicDistinct()
                + " ("
                + alerts.onTopicRecords()
                + " records) / "
                + alerts.webhookDistinct()
                + " ("
                + alerts.webhookRequests()
                + " requests)"));
    rows.add(
        row(
            "alerts equal",
            alerts.equal()
                + (alerts.equal()
                    ? ""
                    : " missing "
                        + new TreeSet<>(alerts.missingFromTopic())
                        + " unexpected "
                        + new TreeSet<>(alerts.unexpectedOnTopic()))));
    rows.add(
        row(
            "broker stopped at / down",
            String.format(
                Locale.ROOT,
                "%.1f s / %.1f s (stop took %.1f s)",
                faults.brokerStoppedAtS(),
                faults.brokerDownS(),
                faults.brokerStopTookS())));
    rows.add(
        row(
            "back after restart: frames / detections / publisher",
            seconds(faults.framesAllCamerasBackS())
                + " / "
                + seconds(faults.detectionsAllCamerasBackS())
                + " / "
                + seconds(faults.publisherCommittingAgainS())));
    rows.add(
        row(
            "worker killed at",
            String.format(
                Locale.ROOT, "%.1f s (%s)", faults.workerKilledAtS(), faults.killedWorker())));
    rows.add(row("survivor has all cameras after", seconds(faults.survivorHasAllCamerasS())));
    rows.add(
        row(
            "heap after GC before / after / max sampled",
            mib(heap.beforeAfterGcBytes())
                + " / "
                + mib(heap.afterAfterGcBytes())
                + " / "
                + mib(heap.maxSampledBytes())));
    for (Worker w : workers) {
      if (!w.killed()) {
        rows.add(
            row(
                "worker " + w.name() + " heap after GC before / after",
                mib(w.heapAfterGcBeforeBytes()) + " / " + mib(w.heapAfterGcAfterBytes())));
      }
    }
    return String.join(System.lineSeparator(), rows);
  }

  private static String row(String name, Object value) {
    return String.format(Locale.ROOT, "  %-52s %s", name, value);
  }

  private static String seconds(Double s) {
    return s == null ? "never" : String.format(Locale.ROOT, "%.1f s", s);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
  }
}

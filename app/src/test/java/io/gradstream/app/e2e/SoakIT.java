package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.app.bench.pipeline.PrometheusScrape;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.IngestConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.TopicsConfig;
import io.gradstream.common.config.WebhookConfig;
import io.gradstream.common.config.WebhookTargetsConfig;
import io.gradstream.common.config.WrongReasonsRuleConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: four RTSP cameras through ingest, two inference worker processes and the publisher, on
 * one embedded KRaft broker that is stopped for 15 s and restarted on the same data dir and ports
 * mid-run, and later one worker killed with SIGKILL. Afterwards the whole detections topic is
 * replayed through a fresh alert engine with the same rules: the alert ids it raises must be
 * exactly the distinct ids on the alerts topic and at the webhook (nothing lost, nothing invented).
 * Frames must flow again from every camera after each fault within a bound, no role may have
 * stopped, and the heap after a full GC must not have grown past a bound. The report is printed and
 * written to {@code target/soak/report-<form>.json}.
 *
 * <p>The CI form runs 100 s of streaming (about 3 minutes in all); {@code -Dsoak.minutes=10} (or
 * {@code scripts/soak.sh --minutes 10}) runs the full form. Cameras run at 2 fps on this 2-core
 * machine: the point is resilience, not throughput, so frames dropped as stale are expected and
 * reported. Needs the 320 demo model ({@code ./scripts/setup.sh}).
 */
@Tag("e2e")
class SoakIT {
  private static final Path MODEL =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");
  private static final List<String> CAMERAS = List.of("soak-1", "soak-2", "soak-3", "soak-4");
  private static final double FPS = 2.0;

  /**
   * Frames, detections and the publisher's commits must all be back this soon after the broker is.
   */
  private static final Duration BROKER_RECOVERY_BOUND = Duration.ofSeconds(60);

  /** The surviving worker must be explaining every camera this soon after the other was killed. */
  private static final Duration KILL_RECOVERY_BOUND = Duration.ofSeconds(30);

  /**
   * The heap after a full GC may at most double over the run, plus this for caches that fill once.
   */
  private static final long HEAP_SLACK_BYTES = 64L * 1024 * 1024;

  /** After the cameras stop, the publisher must have handled every detection within this. */
  private static final Duration DRAIN_BOUND = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void fourCamerasLoseNoAlertThroughABrokerRestartAndAWorkerKillAndRecoverFromBoth()
      throws Exception {
    assertThat(MODEL).as("the 320 demo model; run ./scripts/setup.sh to import it").isRegularFile();
    SoakSchedule schedule = SoakSchedule.fromSystemProperty();
    Path out = Path.of(System.getProperty("soak.dir", "target/soak")).toAbsolutePath();
    Path logs = out.resolve(schedule.form());
    Files.createDirectories(logs);
    GradstreamConfig defaults = new ConfigLoader(Map.of()).load(null);
    KafkaConfig k = defaults.kafka();
    TopicsConfig topics = k.topics();
    String group = defaults.publisher().consumerGroup();
    // Fixed ports, so the restarted broker is where every client already looks.
    EmbeddedBrokerConfig brokerConfig =
        new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), freePort(), freePort());
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerConfig, k.maxMessageBytes());
    try {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin = admin(bootstrap)) {
        TopicProvisioner.ensureTopics(admin, topics, k.maxMessageBytes());
        // The publisher's group starts at the beginning, so it sees every detection the replay will
        // see.
        ConsumerGroups.startAtBeginning(admin, group, topics.detections().name());
      }
      try (WebhookReceiver hooks = new WebhookReceiver();
          LoopingRtspServer rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), "soak");
          TopicFlow flow =
              new TopicFlow(bootstrap, topics.frames().name(), topics.detections().name());
          GradstreamRuntime hub =
              GradstreamRuntime.start(
                  hubConfig(
                      defaults, bootstrap, rtsp.url(), hooks.url(), dir.resolve("snapshots")));
          RoleSampler sampler = new RoleSampler(bootstrap, group);
          Worker a = Worker.start("a", bootstrap, logs);
          Worker b = Worker.start("b", bootstrap, logs)) {
        sampler.watch("hub", hub.httpPort());
        a.process().awaitLog("event=ready", Duration.ofSeconds(180));
        b.process().awaitLog("event=ready", Duration.ofSeconds(180));
        long workersReady = System.nanoTime();
        sampler.watch("a", a.port());
        sampler.watch("b", b.port());
        await("every camera explained once")
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    flow.allCamerasAfter(0, Set.copyOf(CAMERAS), TopicFlow.Arrival::detections)
                        .isPresent());

        long heapBefore = HeapProbe.afterGcHere();
        long aHeapBefore = HeapProbe.afterGcOf(a.process().process(), a.port());
        long bHeapBefore = HeapProbe.afterGcOf(b.process().process(), b.port());
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        long t0 = System.nanoTime();
        System.out.printf(
            "soak %s form: streaming for %d s; broker down at %d s for %d s, a worker killed at %d s%n",
            schedule.form(),
            schedule.run().toSeconds(),
            schedule.brokerStopAt().toSeconds(),
            schedule.brokerDown().toSeconds(),
            schedule.workerKillAt().toSeconds());

        // Fault 1: the broker stops (cleanly, as an operator's restart would) and comes back on the
        // same data dir.
        sleepUntil(t0 + schedule.brokerStopAt().toNanos());
        long stopping = System.nanoTime();
        broker.close();
        long stopped = System.nanoTime();
        System.out.printf("soak: broker stopped at %.1f s%n", seconds(stopped - t0));
        sleepUntil(stopped + schedule.brokerDown().toNanos());
        broker = EmbeddedKafkaBroker.start(brokerConfig, k.maxMessageBytes());
        long restarted = System.nanoTime();
        System.out.printf("soak: broker back at %.1f s%n", seconds(restarted - t0));

        // Fault 2: SIGKILL to the worker that explained the latest frame (no goodbye to the group).
        sleepUntil(t0 + schedule.workerKillAt().toNanos());
        List<TopicFlow.Arrival> seen = flow.all();
        String latestWorker =
            seen.reversed().stream()
                .filter(TopicFlow.Arrival::detections)
                .findFirst()
                .map(TopicFlow.Arrival::worker)
                .orElseThrow();
        Worker busy = latestWorker.contains(a.pidMark()) ? a : b;
        Worker survivor = busy == a ? b : a;
        sampler.scrapeOnceMoreAndForget(busy.name());
        long killed = System.nanoTime();
        busy.process().process().destroyForcibly();
        assertThat(busy.process().process().waitFor(10, TimeUnit.SECONDS))
            .as("the killed worker exits")
            .isTrue();
        System.out.printf("soak: worker %s killed at %.1f s%n", busy.name(), seconds(killed - t0));

        sleepUntil(t0 + schedule.run().toNanos());
        // Ingest's counts as the run ends: once the cameras stop, its reconnect attempts are not
        // the soak's.
        PrometheusScrape ingestAtEnd = PrometheusScrape.of(hub.httpPort());
        rtsp.close(); // the cameras stop; what is in flight drains
        long runEnd = System.nanoTime();
        boolean drained =
            ConsumerGroups.awaitDrained(bootstrap, group, topics.detections().name(), DRAIN_BOUND);
        AlertsTopic.Contents delivered = AlertsTopic.read(bootstrap, topics.alerts().name());
        await("the webhook got every alert on the topic")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(() -> hooks.ids().containsAll(delivered.ids()));
        Thread.sleep(2_000); // one more scrape of every role after the drain
        AlertReplay.Result expected =
            AlertReplay.replay(
                bootstrap,
                topics.detections().name(),
                hubConfig(defaults, bootstrap, rtsp.url(), hooks.url(), dir.resolve("snapshots"))
                    .publisher()
                    .alerts(),
                dir.resolve("replay"));

        long heapAfter = HeapProbe.afterGcHere();
        long survivorHeapAfter = HeapProbe.afterGcOf(survivor.process().process(), survivor.port());
        int hubReady = HttpApi.of(hub).get("/ready").status();
        int survivorReady = new HttpApi(survivor.port(), null).get("/ready").status();

        List<TopicFlow.Arrival> all = flow.all();
        Set<String> cameras = Set.copyOf(CAMERAS);
        SoakReport.Faults faults =
            new SoakReport.Faults(
                seconds(stopping - t0),
                seconds(stopped - stopping),
                seconds(restarted - t0),
                seconds(restarted - stopped),
                since(restarted, flow.allCamerasAfter(restarted, cameras, f -> !f.detections())),
                since(
                    restarted,
                    flow.allCamerasAfter(restarted, cameras, TopicFlow.Arrival::detections)),
                since(restarted, sampler.publisherAdvancedAfter(restarted)),
                seconds(killed - t0),
                busy.name() + " (pid " + busy.process().process().pid() + ")",
                since(
                    killed,
                    flow.allCamerasAfter(
                        killed,
                        cameras,
                        f -> f.detections() && f.worker().contains(survivor.pidMark()))));
        Set<String> missing = difference(expected.ids(), delivered.ids());
        Set<String> unexpected = difference(delivered.ids(), expected.ids());
        Set<String> missingAtWebhook = difference(expected.ids(), hooks.ids());
        PrometheusScrape hubMetrics = sampler.last("hub");
        SoakReport report =
            new SoakReport(
                schedule.form(),
                startedAt,
                seconds(runEnd - t0),
                CAMERAS.size(),
                FPS,
                MODEL.getFileName().toString(),
                new SoakReport.Frames(
                    (long) ingestAtEnd.sum("gradstream_ingest_frames_total"),
                    ingestAtEnd.sumBy("gradstream_ingest_frames_dropped_total", "reason"),
                    (long) ingestAtEnd.sum("gradstream_ingest_frames_skipped_total"),
                    (long) ingestAtEnd.sum("gradstream_ingest_reconnects_total"),
                    all.stream().filter(f -> !f.detections()).count(),
                    distinct(all, false),
                    all.stream().filter(f -> !f.detections() && f.nanos() < workersReady).count()),
                List.of(
                    workerReport(
                        a, busy, sampler, aHeapBefore, a == survivor ? survivorHeapAfter : -1),
                    workerReport(
                        b, busy, sampler, bHeapBefore, b == survivor ? survivorHeapAfter : -1)),
                new SoakReport.Publisher(
                    expected.records(),
                    expected.distinctFrames(),
                    sampler.publisherCommitted(),
                    hubMetrics.sumBy("gradstream_publisher_frames_total", "outcome"),
                    (long) hubMetrics.sum("gradstream_publisher_detections_unmatched_total"),
                    (long) hubMetrics.sum("gradstream_publisher_messages_skipped_total"),
                    (long) hubMetrics.sum("gradstream_publisher_detections_retried_total"),
                    (long) hubMetrics.sum("gradstream_alerts_write_failures_total"),
                    (long) hubMetrics.sum("gradstream_alerts_stale_frames_total")),
                new SoakReport.Alerts(
                    expected.ids().size(),
                    delivered.ids().size(),
                    delivered.records(),
                    hooks.ids().size(),
                    hooks.requests(),
                    missing,
                    unexpected,
                    missingAtWebhook,
                    missing.isEmpty() && unexpected.isEmpty() && missingAtWebhook.isEmpty()),
                faults,
                new SoakReport.Heap(heapBefore, heapAfter, sampler.maxHeapBytes()));
        Path json = out.resolve("report-" + schedule.form() + ".json");
        report.write(json);
        System.out.println(report.table());
        System.out.println("soak report: " + json + " (worker logs in " + logs + ")");

        assertThat(drained)
            .as(
                "the publisher committed every detection within %s of the cameras stopping",
                DRAIN_BOUND)
            .isTrue();
        assertThat(expected.ids())
            .as("alerts expected from the replay: the rules must fire during a soak")
            .isNotEmpty();
        assertThat(missing)
            .as("alerts the replay raised that never reached the alerts topic")
            .isEmpty();
        assertThat(unexpected).as("alerts on the topic that the replay did not raise").isEmpty();
        assertThat(missingAtWebhook).as("alerts the webhook never received").isEmpty();
        assertThat(faults.framesAllCamerasBackS())
            .as("s until frames of every camera were back after the restart")
            .isNotNull()
            .isLessThan((double) BROKER_RECOVERY_BOUND.toSeconds());
        assertThat(faults.detectionsAllCamerasBackS())
            .as("s until detections of every camera were back")
            .isNotNull()
            .isLessThan((double) BROKER_RECOVERY_BOUND.toSeconds());
        assertThat(faults.publisherCommittingAgainS())
            .as("s until the publisher committed detections again")
            .isNotNull()
            .isLessThan((double) BROKER_RECOVERY_BOUND.toSeconds());
        assertThat(faults.survivorHasAllCamerasS())
            .as("s until the surviving worker explained every camera")
            .isNotNull()
            .isLessThan((double) KILL_RECOVERY_BOUND.toSeconds());
        assertThat(hubReady).as("ingest and publisher still ready (GET /ready)").isEqualTo(200);
        assertThat(survivor.process().process().isAlive())
            .as("the surviving worker is still running")
            .isTrue();
        assertThat(survivorReady)
            .as("the surviving worker still ready (GET /ready)")
            .isEqualTo(200);
        assertThat(heapAfter)
            .as("heap after GC at the end, against %d bytes before", heapBefore)
            .isLessThanOrEqualTo(2 * heapBefore + HEAP_SLACK_BYTES);
      }
    } finally {
      broker.close();
    }
  }

  /**
   * ingest and publisher in this JVM, on the test's broker, with rules that fire often on vtest's
   * crowd.
   */
  private static GradstreamConfig hubConfig(
      GradstreamConfig defaults,
      String bootstrap,
      String rtspUrl,
      String webhookUrl,
      Path snapshots) {
    KafkaConfig k = defaults.kafka();
    // A 10 s cooldown (not 60) so that a track in a long episode alerts again: more alerts to
    // account for.
    AlertsConfig alerts =
        new AlertsConfig(
            10_000,
            30_000,
            snapshots.toString(),
            new LowConfidenceRuleConfig(true, 0.2, 3, 3),
            new WrongReasonsRuleConfig(true, 0.6, 0.3, 3, 3),
            new ClassFlipRuleConfig(true, 3),
            new BackoffConfig(200, 2_000, 2.0, 0.2),
            List.of(new WebhookConfig(webhookUrl, "soak-secret", 5_000L, 20)),
            // The receiver is on 127.0.0.1, which webhooks may reach only when allowed.
            WebhookTargetsConfig.PUBLIC_ONLY.allowingPrivate());
    List<CameraConfig> cameras =
        CAMERAS.stream().map(id -> new CameraConfig(id, rtspUrl, FPS, 85, null, null)).toList();
    return new GradstreamConfig(
        List.of("ingest", "publisher"),
        new KafkaConfig(bootstrap, k.embedded(), k.topics(), k.maxMessageBytes()),
        new HttpConfig("127.0.0.1", 0),
        new IngestConfig(FPS, 85, 2_000, new BackoffConfig(250, 2_000, 2.0, 0.2)),
        defaults.inference(),
        defaults.publisher().withAlerts(alerts),
        cameras);
  }

  /**
   * An inference worker as its own {@code gradstream run} process, with its HTTP port for metrics.
   */
  private record Worker(String name, GradstreamProcess process, int port) implements AutoCloseable {
    static Worker start(String name, String bootstrap, Path logs) throws Exception {
      int port = freePort();
      Path log = logs.resolve("worker-" + name + ".log");
      Files.deleteIfExists(log);
      return new Worker(
          name,
          GradstreamProcess.start(
              log,
              Map.of(
                  "GRADSTREAM_ROLES",
                  "inference",
                  "GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                  bootstrap,
                  "GRADSTREAM_HTTP_PORT",
                  Integer.toString(port),
                  "GRADSTREAM_INFERENCE_MODEL",
                  MODEL.toString(),
                  "GRADSTREAM_INFERENCE_INPUT_SIZE",
                  "320"),
              "run"),
          port);
    }

    /** How this worker's pid appears in ExplainedFrame.worker_id. */
    String pidMark() {
      return "/" + process.process().pid() + "#";
    }

    @Override
    public void close() {
      process.close();
    }
  }

  private static SoakReport.Worker workerReport(
      Worker w, Worker killed, RoleSampler sampler, long heapBefore, long heapAfter) {
    PrometheusScrape m = sampler.last(w.name());
    return new SoakReport.Worker(
        w.name(),
        w == killed,
        (long) m.sum("gradstream_inference_frames_total"),
        (long) m.sum("gradstream_inference_frames_out_total"),
        m.sumBy("gradstream_inference_frames_dropped_total", "reason"),
        (long) m.sum("gradstream_inference_dead_letters_total"),
        (long) m.sum("gradstream_inference_delivery_retries_total"),
        heapBefore,
        heapAfter);
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static long distinct(List<TopicFlow.Arrival> all, boolean detections) {
    return all.stream()
        .filter(f -> f.detections() == detections)
        .map(f -> f.camera() + "/" + f.seq())
        .distinct()
        .count();
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return Set.copyOf(out);
  }

  private static Double since(long fromNanos, Optional<Long> at) {
    return at.map(t -> seconds(t - fromNanos)).orElse(null);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}

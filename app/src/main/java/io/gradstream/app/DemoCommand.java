package io.gradstream.app;

import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.DemoProgress;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.InferenceConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.inference.model.ModelLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream demo}: the real footage served by a real RTSP server, ingested into the
 * embedded Kafka broker, detected and explained, and served by the publisher's live viewer, with a
 * progress line.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs gradstream end to end on real footage: vtest.avi (Debian's opencv-doc) looping on a local",
      "RTSP server, ingested into the embedded Kafka broker, objects detected, tracked and explained by the",
      "inference worker, shown live in the browser viewer with alerts from the publisher. Prints live progress",
      "and saves the newest frame with its boxes and maps; Ctrl-C stops it."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String REAL_TIME_MODEL = "yolov5s-320.onnx";

  @Mixin ConfigOption config;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Stop after this many seconds (default: run until Ctrl-C).")
  long durationSeconds;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "Port of the camera API and /metrics (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int httpPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data/demo",
      description =
          "Where the demo keeps its Kafka data and latest.jpg (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--alerts-out",
      paramLabel = "FILE",
      description =
          "At the end, write the alerts raised (the publisher's /api/alerts) to FILE as JSON, with"
              + " how long the demo ran.")
  Path alertsOut;

  /** What the demo's own parts (RTSP server, progress readers) may take to stop. */
  private static final long CAMERA_AND_PROGRESS_STOP_MS = 5_000;

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    GradstreamConfig loaded = config.load();
    // Ctrl-C: let the main thread stop the camera, broker and roles in order before the JVM exits:
    // the runtime within its stop limit, the camera and the progress readers in a few seconds more.
    long cleanupMs = loaded.stopTimeoutMs() + CAMERA_AND_PROGRESS_STOP_MS;
    Thread hook =
        new Thread(
            () -> {
              stopRequested.countDown();
              try {
                cleanedUp.await(cleanupMs, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "gradstream-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    StopSignals.install();
    try {
      return runDemo(loaded);
    } finally {
      cleanedUp.countDown();
    }
  }

  private int runDemo(GradstreamConfig loaded) throws Exception {
    Files.createDirectories(dataDir);
    Path video = DemoFootage.vtestAvi();
    System.out.println(
        "==> [1/3] Starting an RTSP camera: "
            + video.getFileName()
            + " looping on a local RTSP server");
    try (LoopingRtspServer camera = LoopingRtspServer.start(video, "campus")) {
      System.out.println("    camera 'campus' at " + camera.url());
      GradstreamConfig demo = demoConfig(loaded, camera.url());
      System.out.println(
          "==> [2/3] Starting gradstream with an embedded Kafka broker in "
              + demo.kafka().embedded().dataDir());
      try (GradstreamRuntime runtime = GradstreamRuntime.start(demo);
          DemoProgress report =
              DemoProgress.start(
                  runtime.kafkaConnection(),
                  demo.kafka().topics().frames().name(),
                  demo.kafka().topics().detections().name(),
                  runtime.httpPort(),
                  runtime.accessToken(),
                  dataDir.resolve("latest.jpg"))) {
        System.out.println(AccessNotice.lines(runtime, demo.http().host(), true));
        System.out.printf(
            "    camera API: http://127.0.0.1:%d/cameras   MJPEG: http://127.0.0.1:%d/streams/campus/mjpeg"
                + " (both with the token)   metrics: http://127.0.0.1:%d/metrics%n",
            runtime.httpPort(), runtime.httpPort(), runtime.httpPort());
        System.out.println(
            "==> [3/3] Frames flowing: RTSP -> ingest -> Kafka -> inference worker -> "
                + demo.kafka().topics().detections().name()
                + " -> publisher (viewer, alerts)"
                + (durationSeconds > 0 ? " (for " + durationSeconds + " s)" : " (Ctrl-C stops)"));
        long started = System.nanoTime();
        awaitEnd(report);
        System.out.println(report.summary());
        if (alertsOut != null) {
          writeAlerts(report, (System.nanoTime() - started) / 1e9);
        }
        return report.explainedFramesInKafka() > 0 ? 0 : 1;
      }
    }
  }

  private void writeAlerts(DemoProgress report, double seconds) throws InterruptedException {
    try {
      var alerts = report.alerts();
      var out = new com.fasterxml.jackson.databind.ObjectMapper();
      var doc = out.createObjectNode();
      doc.put("command", "gradstream demo --duration " + durationSeconds);
      doc.put("ran_s", Math.round(seconds * 10) / 10.0);
      doc.put("alerts_raised", alerts.size());
      doc.set("alerts", alerts);
      Path parent = alertsOut.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      out.writerWithDefaultPrettyPrinter().writeValue(alertsOut.toFile(), doc);
      System.out.println(alerts.size() + " alerts raised -> " + alertsOut);
    } catch (java.io.IOException e) {
      System.out.println("Cannot write the alerts to " + alertsOut + ": " + e.getMessage());
    }
  }

  private void awaitEnd(DemoProgress report) throws InterruptedException {
    long end =
        durationSeconds > 0
            ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds)
            : Long.MAX_VALUE;
    while (System.nanoTime() < end && !stopRequested.await(2, TimeUnit.SECONDS)) {
      System.out.println(report.line());
    }
  }

  /**
   * The 320-pixel demo model when setup imported it and no model was configured: on two CPU cores
   * it keeps up with the 10 fps camera (docs/BENCHMARKS.md), so every frame is explained, while the
   * 640-pixel one does about 8 frames a second.
   */
  private static InferenceConfig realTimeModel(InferenceConfig configured) {
    Path fast =
        ModelLocation.defaultModelDirectory(Path.of(System.getProperty("user.home")))
            .resolve(REAL_TIME_MODEL);
    if (!configured.model().isBlank() || !Files.isRegularFile(fast)) {
      return configured;
    }
    System.out.println(
        "    detector: " + fast + " (320 px input, fast enough for 10 fps on two cores)");
    return new InferenceConfig(
        fast.toString(),
        configured.labels(),
        320,
        configured.confidenceThreshold(),
        configured.iouThreshold(),
        configured.executionProviders(),
        configured.intraOpThreads(),
        configured.maxFrameAgeMs(),
        configured.batch(),
        configured.consumerGroup(),
        configured.explain(),
        configured.maxFramePixels());
  }

  private GradstreamConfig demoConfig(GradstreamConfig base, String cameraUrl) {
    KafkaConfig k = base.kafka();
    // Free ports for the demo's broker, so it runs beside anything else on the machine.
    KafkaConfig kafka =
        new KafkaConfig(
            "",
            new EmbeddedBrokerConfig(dataDir.resolve("kafka").toString(), 0, 0),
            k.topics(),
            k.maxMessageBytes());
    var publisher =
        base.publisher()
            .withAlerts(
                base.publisher().alerts().withSnapshotDir(dataDir.resolve("snapshots").toString()));
    return new GradstreamConfig(
        List.of("ingest", "inference", "publisher"),
        kafka, // The configured token and limits apply; the demo only pins the address and the
        // port.
        new HttpConfig("127.0.0.1", httpPort, base.http().auth(), base.http().limits()),
        base.ingest(),
        realTimeModel(base.inference()),
        publisher,
        List.of(new CameraConfig("campus", cameraUrl, 10.0, null, null, null)),
        base.stopTimeoutMs());
  }
}

package io.gradstream.app.bench.pipeline;

import io.gradstream.app.bench.LatencySummary;
import io.gradstream.app.bench.pipeline.PipelineBenchSettings.Source;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.BatchConfig;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.ExplainConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.InferenceConfig;
import io.gradstream.common.config.IngestConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.inference.worker.pipeline.PipelineSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One workers count through the whole pipeline, on a fresh one: a runtime with the embedded broker
 * and the publisher (and ingest, for RTSP cameras), M runtimes of the inference role alone in one
 * consumer group (in this JVM: each its own ONNX Runtime session, threads and Kafka clients), the
 * frame source, a WebSocket viewer per camera and a tap on the detections topic. After the warm-up
 * the window opens for the timed duration; then the source stops, the workers drain, and the
 * counters are read again.
 */
public final class PipelineBench {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
  private static final long PROGRESS_MILLIS = 2_000;
  private static final double MIB = 1024.0 * 1024.0;

  private final PipelineBenchSettings settings;
  private final JpegFramePool pool;
  private final Consumer<String> progress;
  private final GradstreamConfig defaults = new ConfigLoader(Map.of()).load(null);

  /**
   * @param pool the synthetic cameras' frames (null for RTSP cameras)
   * @param progress receives a progress line about every 2 s
   */
  public PipelineBench(
      PipelineBenchSettings settings, JpegFramePool pool, Consumer<String> progress) {
    this.settings = settings;
    this.pool = pool;
    this.progress = progress;
  }

  /** The camera ids of this run. */
  public List<String> cameraIds() {
    return IntStream.range(0, settings.cameras()).mapToObj(SyntheticCameras::cameraId).toList();
  }

  /** The frames topic's partitions: the most workers that can share the frames. */
  public int framesPartitions() {
    return defaults.kafka().topics().frames().partitions();
  }

  /** Runs the pipeline with {@code workers} inference workers and measures it. */
  public PipelineReport.WorkersRun run(int workers) throws Exception {
    Path dir = Files.createTempDirectory("gradstream-bench-pipeline");
    Deque<AutoCloseable> open = new ArrayDeque<>();
    try (ProcessResources resources = new ProcessResources()) {
      List<LoopingRtspServer> rtsp = new ArrayList<>();
      if (settings.source() == Source.RTSP) {
        for (String id : cameraIds()) {
          progress.accept("starting the RTSP server of " + id);
          LoopingRtspServer server = LoopingRtspServer.start(settings.video(), id);
          open.push(server);
          rtsp.add(server);
        }
      }
      progress.accept(
          String.format(
              Locale.ROOT,
              "%d worker(s): starting the broker, the publisher%s and the workers",
              workers,
              settings.source() == Source.RTSP ? ", ingest" : ""));
      GradstreamRuntime hub = GradstreamRuntime.start(hubConfig(dir, rtsp));
      open.push(hub);
      List<GradstreamRuntime> workerRuntimes = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        GradstreamRuntime worker = GradstreamRuntime.start(workerConfig(hub.bootstrapServers()));
        open.push(worker);
        workerRuntimes.add(worker);
      }
      for (GradstreamRuntime r : workerRuntimes) {
        awaitReady(r.httpPort());
      }
      MeasurementWindow window = new MeasurementWindow();
      DetectionsTap tap =
          DetectionsTap.start(
              hub.bootstrapServers(),
              defaults.kafka().topics().detections().name(),
              window,
              settings.explain());
      open.push(tap);
      SyntheticCameras synthetic = null;
      if (settings.source() == Source.SYNTHETIC) {
        synthetic =
            SyntheticCameras.start(
                hub.bootstrapServers(),
                defaults.kafka().topics().frames().name(),
                defaults.kafka().maxMessageBytes(),
                pool,
                settings.cameras(),
                settings.fps());
        open.push(synthetic);
      }
      ViewerClients viewers =
          ViewerClients.connect(
              hub.httpPort(), hub.accessToken(), cameraIds(), window, READY_TIMEOUT);
      open.push(viewers);
      Counters counters = new Counters(hub, workerRuntimes, synthetic, viewers);

      long warmupEnd = System.nanoTime() + settings.warmup().toNanos();
      while (System.nanoTime() < warmupEnd) {
        sleepUntil(Math.min(warmupEnd, System.nanoTime() + PROGRESS_MILLIS * 1_000_000));
        progress.accept(
            line(workers, "warm-up", counters.read(), null, tap, viewers, resources, 0));
      }

      PipelineCounters atStart = counters.read();
      long cpuAtStart = resources.cpuNanos();
      MachineCpu machineAtStart = MachineCpu.now();
      double heapBefore = resources.resetPeak() / MIB;
      window.open();
      long start = System.nanoTime();
      long end = start + settings.duration().toNanos();
      while (System.nanoTime() < end) {
        sleepUntil(Math.min(end, System.nanoTime() + PROGRESS_MILLIS * 1_000_000));
        progress.accept(
            line(
                workers,
                "timed",
                counters.read(),
                atStart,
                tap,
                viewers,
                resources,
                (System.nanoTime() - start) / 1e9));
      }
      window.close();
      PipelineCounters atEnd = counters.read();
      long cpuNanos = resources.cpuNanos() - cpuAtStart;
      MachineCpu machineAtEnd = MachineCpu.now();
      double heapAfter = resources.heapUsedBytes() / MIB;
      double heapPeak = resources.peakHeapBytes() / MIB;
      double seconds = window.seconds();

      if (synthetic != null) {
        open.remove(synthetic);
        synthetic.close();
      } else {
        rtsp.forEach(
            s -> {
              open.remove(s);
              s.close();
            });
      }
      PipelineCounters drained = drain(counters, workers);

      PipelineCounters inWindow = atEnd.minus(atStart);
      Map<String, LatencySummary> stages = new LinkedHashMap<>();
      tap.stages()
          .forEach(
              (name, latencies) -> {
                if (latencies.count() > 0 || !name.equals("explain")) {
                  stages.put(name, latencies.summary());
                }
              });
      long explained = inWindow.explained();
      double processCores = cpuNanos / 1e9 / Math.max(seconds, 1e-9);
      double otherCores =
          machineAtStart == null || machineAtEnd == null
              ? -1
              : Math.max(
                  0,
                  machineAtEnd.coresBusySince(
                          machineAtStart, Runtime.getRuntime().availableProcessors())
                      - processCores);
      return new PipelineReport.WorkersRun(
          workers,
          PipelineReport.round(seconds),
          PipelineReport.Throughput.of(inWindow.offered(), inWindow.consumed(), explained, seconds),
          stages,
          viewers.glassToGlass().summary(),
          inWindow.sortedDrops(),
          PipelineReport.Accounting.of(
              drained.consumed(),
              drained.explained(),
              drained.inferenceDropped(),
              inFlightSlack(workers)),
          PipelineReport.round(explained == 0 ? 0 : cpuNanos / 1e6 / explained),
          PipelineReport.round(processCores),
          PipelineReport.round(otherCores),
          new PipelineReport.Heap(
              PipelineReport.round(heapBefore),
              PipelineReport.round(heapAfter),
              PipelineReport.round(heapPeak),
              PipelineReport.round(resources.maxHeapBytes() / MIB)),
          tap.byWorker(),
          null);
    } finally {
      while (!open.isEmpty()) {
        try {
          open.pop().close();
        } catch (Exception e) {
          progress.accept("while stopping: " + e);
        }
      }
      deleteQuietly(dir);
    }
  }

  /**
   * Frames one worker may hold between poll and produce: its queue, plus a batch at the detector.
   */
  private long inFlightSlack(int workers) {
    PipelineSettings pipeline = PipelineSettings.from(inference());
    return (long) workers * (pipeline.queueCapacity() + 2L * pipeline.batchMaxSize());
  }

  /**
   * Waits until every consumed frame is explained or dropped (or the timeout), then reads the
   * counters.
   */
  private PipelineCounters drain(Counters counters, int workers) throws IOException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    PipelineCounters now = counters.read();
    long stableSince = System.nanoTime();
    long lastConsumed = now.consumed();
    while (System.nanoTime() < deadline) {
      if (now.consumed() == now.explained() + now.inferenceDropped()
          && System.nanoTime() - stableSince > 500_000_000L) {
        break;
      }
      sleepUntil(System.nanoTime() + 200_000_000L);
      now = counters.read();
      if (now.consumed() != lastConsumed) {
        lastConsumed = now.consumed();
        stableSince = System.nanoTime();
      }
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "%d worker(s): drained: consumed %d, explained %d, dropped %d",
            workers,
            now.consumed(),
            now.explained(),
            now.inferenceDropped()));
    return now;
  }

  private String line(
      int workers,
      String phase,
      PipelineCounters now,
      PipelineCounters atStart,
      DetectionsTap tap,
      ViewerClients viewers,
      ProcessResources resources,
      double elapsed) {
    PipelineCounters shown = atStart == null ? now : now.minus(atStart);
    String rates =
        atStart == null || elapsed <= 0
            ? ""
            : String.format(Locale.ROOT, " (%.1f/s explained)", shown.explained() / elapsed);
    return String.format(
        Locale.ROOT,
        "%d worker(s) %s%s: offered %d, consumed %d, explained %d%s, dropped %d; window frames %d, viewer frames %d; "
            + "heap %.0f MiB",
        workers,
        phase,
        atStart == null
            ? ""
            : String.format(Locale.ROOT, " %.0f/%ds", elapsed, settings.duration().toSeconds()),
        shown.offered(),
        shown.consumed(),
        shown.explained(),
        rates,
        shown.inferenceDropped(),
        tap.inWindow(),
        viewers.received(),
        resources.heapUsedBytes() / MIB);
  }

  private GradstreamConfig hubConfig(Path dir, List<LoopingRtspServer> rtsp) {
    KafkaConfig k = defaults.kafka();
    KafkaConfig kafka =
        new KafkaConfig(
            "",
            new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0),
            k.topics(),
            k.maxMessageBytes());
    PublisherConfig publisher =
        defaults
            .publisher()
            .withAlerts(
                defaults.publisher().alerts().withSnapshotDir(dir.resolve("snapshots").toString()));
    IngestConfig ingest =
        new IngestConfig(
            settings.fps(),
            defaults.ingest().jpegQuality(),
            defaults.ingest().readTimeoutMs(),
            defaults.ingest().reconnect());
    List<CameraConfig> cameras = new ArrayList<>();
    List<String> ids = cameraIds();
    for (int i = 0; i < rtsp.size(); i++) {
      cameras.add(
          new CameraConfig(ids.get(i), rtsp.get(i).url(), settings.fps(), null, null, null));
    }
    List<String> roles =
        settings.source() == Source.RTSP ? List.of("ingest", "publisher") : List.of("publisher");
    return new GradstreamConfig(
        roles, kafka, new HttpConfig("127.0.0.1", 0), ingest, inference(), publisher, cameras);
  }

  private GradstreamConfig workerConfig(String bootstrapServers) {
    GradstreamConfig hub = defaults;
    KafkaConfig k = hub.kafka();
    return new GradstreamConfig(
        List.of("inference"),
        new KafkaConfig(bootstrapServers, k.embedded(), k.topics(), k.maxMessageBytes()),
        new HttpConfig("127.0.0.1", 0),
        hub.ingest(),
        inference(),
        hub.publisher(),
        List.of());
  }

  private InferenceConfig inference() {
    InferenceConfig d = defaults.inference();
    ExplainConfig explain =
        new ExplainConfig(
            settings.explain(),
            d.explain().method(),
            d.explain().targetLayers(),
            d.explain().reliabilityModel());
    BatchConfig batch = d.batch();
    return new InferenceConfig(
        settings.model().toString(),
        "",
        settings.inputSize(),
        d.confidenceThreshold(),
        d.iouThreshold(),
        d.executionProviders(),
        settings.intraOpThreads(),
        d.maxFrameAgeMs(),
        batch,
        d.consumerGroup(),
        explain,
        d.maxFramePixels());
  }

  private static void awaitReady(int port) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      sleepUntil(System.nanoTime() + 200_000_000L);
    }
    throw new IOException(
        "a worker was not ready within " + READY_TIMEOUT.toSeconds() + " s: " + last);
  }

  private static void sleepUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(Duration.ofNanos(wait));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }

  /** Reads every role's counters (through their /metrics) and the synthetic source's own. */
  private record Counters(
      GradstreamRuntime hub,
      List<GradstreamRuntime> workers,
      SyntheticCameras synthetic,
      ViewerClients viewers) {

    PipelineCounters read() throws IOException {
      Map<String, Long> drops = new TreeMap<>();
      for (String reason : PipelineCounters.INFERENCE_REASONS) {
        drops.put("inference/" + reason, 0L);
      }
      long consumed = 0;
      long explained = 0;
      for (GradstreamRuntime worker : workers) {
        PrometheusScrape scrape = PrometheusScrape.of(worker.httpPort());
        consumed += (long) scrape.sum("gradstream_inference_frames_total");
        explained += (long) scrape.sum("gradstream_inference_frames_out_total");
        scrape
            .sumBy("gradstream_inference_frames_dropped_total", "reason")
            .forEach((reason, n) -> drops.merge("inference/" + reason, n.longValue(), Long::sum));
      }
      PrometheusScrape hubScrape = PrometheusScrape.of(hub.httpPort());
      long offered;
      if (synthetic != null) {
        offered = synthetic.offered();
        drops.put("source/behind-schedule", synthetic.skipped());
        synthetic.dropped().forEach((reason, n) -> drops.put("source/" + reason, n));
      } else {
        offered = (long) hubScrape.sum("gradstream_ingest_frames_total");
        hubScrape
            .sumBy("gradstream_ingest_frames_dropped_total", "reason")
            .forEach((reason, n) -> drops.put("ingest/" + reason, n.longValue()));
      }
      Map<String, Double> outcomes =
          hubScrape.sumBy("gradstream_publisher_frames_total", "outcome");
      for (String outcome : List.of("without_detections", "evicted", "late")) {
        drops.put("publisher/" + outcome, outcomes.getOrDefault(outcome, 0.0).longValue());
      }
      drops.put(
          "viewer/skipped",
          (long)
              hubScrape
                  .sumBy("gradstream_viewer_frames_skipped_total", "kind")
                  .getOrDefault("websocket", 0.0)
                  .doubleValue());
      return new PipelineCounters(offered, consumed, explained, drops);
    }
  }
}

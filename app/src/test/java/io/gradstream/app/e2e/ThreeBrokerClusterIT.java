package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.app.bench.pipeline.PrometheusScrape;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.kafka.KafkaClusterProcesses;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.common.config.TopicsConfig;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five cameras through ingest, a real inference worker (the 320 demo model) and the publisher on a
 * cluster of three Kafka broker processes (replication factor 3, {@code min.insync.replicas} 2),
 * with a rule that raises an alert for every new track. The broker that leads the most of
 * gradstream's partitions is killed with SIGKILL mid-stream and started again once every camera's
 * detections went on without it. Nothing else is restarted. Afterwards: no alert is lost or
 * invented (the whole detections topic replayed through a fresh alert engine gives exactly the ids
 * on the alerts topic), and every frame the worker committed has its detections on the topic,
 * unless the worker counted it as dropped. Needs the 320 demo model ({@code ./scripts/setup.sh}).
 */
@Tag("e2e")
class ThreeBrokerClusterIT {
  private static final Path MODEL =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");
  private static final List<String> CAMERAS =
      IntStream.rangeClosed(1, 5).mapToObj(i -> "cam-" + i).toList();
  private static final double FPS = 2.0;

  /** Detections of every camera must go on, and come back, this soon after a fault. */
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

  /** Records every camera must get while the killed broker is down. */
  private static final int FRAMES_WHILE_DOWN = 4;

  @TempDir Path dir;

  @Test
  void fiveCamerasLoseNoAlertAndNoCommittedDetectionWhenABrokerIsKilledAndComesBack()
      throws Exception {
    assertThat(MODEL).as("the 320 demo model; run ./scripts/setup.sh to import it").isRegularFile();
    GradstreamConfig defaults =
        new ConfigLoader(
                Map.of(
                    "GRADSTREAM_INFERENCE_MODEL",
                    MODEL.toString(),
                    "GRADSTREAM_INFERENCE_INPUT_SIZE",
                    "320"))
            .load(null);
    KafkaConfig k = defaults.kafka();
    TopicsConfig topics = k.topics();
    String publisherGroup = defaults.publisher().consumerGroup();
    String workerGroup = defaults.inference().consumerGroup();
    try (KafkaClusterProcesses cluster =
        KafkaClusterProcesses.start(dir.resolve("kafka"), 3, k.maxMessageBytes())) {
      String bootstrap = cluster.bootstrapServers();
      List<String> names =
          List.of(topics.frames().name(), topics.detections().name(), topics.alerts().name());
      try (Admin admin = cluster.admin()) {
        TopicProvisioner.ensureTopics(admin, topics, k.maxMessageBytes());
        ConsumerGroups.startAtBeginning(admin, publisherGroup, topics.detections().name());
        // The worker too, so every frame below its committed offsets is one it read.
        ConsumerGroups.startAtBeginning(admin, workerGroup, topics.frames().name());
        for (TopicDescription d : describe(admin, names).values()) {
          assertThat(d.partitions())
              .as("replicas of %s", d.name())
              .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        }
        assertThat(minInsyncReplicas(admin, topics.detections().name())).isEqualTo("2");
      }
      AlertsConfig alerts = everyNewTrackAlerts(defaults.publisher(), dir.resolve("snapshots"));
      GradstreamConfig config = config(defaults, bootstrap, alerts);
      try (LoopingRtspServer rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), "cluster");
          TopicFlow flow =
              new TopicFlow(bootstrap, topics.frames().name(), topics.detections().name());
          GradstreamRuntime runtime = GradstreamRuntime.start(withCameras(config, rtsp.url()))) {
        Set<String> cameras = Set.copyOf(CAMERAS);
        await("every camera explained once")
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> flow.allCamerasAfter(0, cameras, TopicFlow.Arrival::detections).isPresent());

        int victim;
        try (Admin admin = cluster.admin()) {
          victim = busiestLeader(admin, names);
        }
        long killed = System.nanoTime();
        cluster.kill(victim);
        await("every camera's detections go on with broker " + victim + " down")
            .atMost(RECOVERY_BOUND)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> everyCameraHas(flow, killed, FRAMES_WHILE_DOWN));
        long restarting = System.nanoTime();
        double downS = (restarting - killed) / 1e9;
        Double goOnS =
            flow.allCamerasAfter(killed, cameras, TopicFlow.Arrival::detections)
                .map(t -> (t - killed) / 1e9)
                .orElse(null);
        cluster.restart(victim);
        long restarted = System.nanoTime();
        try (Admin admin = cluster.admin()) {
          await("every partition has its three replicas in sync again")
              .atMost(RECOVERY_BOUND)
              .pollInterval(Duration.ofMillis(500))
              .ignoreExceptions()
              .until(
                  () ->
                      describe(admin, names).values().stream()
                          .flatMap(d -> d.partitions().stream())
                          .allMatch(p -> p.isr().size() == 3));
        }
        double inSyncS = (System.nanoTime() - restarted) / 1e9;
        await("every camera's detections after the restart")
            .atMost(RECOVERY_BOUND)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> everyCameraHas(flow, restarted, 2));

        rtsp.close(); // the cameras stop; what is in flight drains
        boolean workerDrained =
            ConsumerGroups.awaitDrained(
                bootstrap, workerGroup, topics.frames().name(), Duration.ofSeconds(120));
        boolean publisherDrained =
            ConsumerGroups.awaitDrained(
                bootstrap, publisherGroup, topics.detections().name(), Duration.ofSeconds(120));
        double dropped =
            PrometheusScrape.of(runtime.httpPort())
                .sum("gradstream_inference_frames_dropped_total");

        AlertsTopic.Contents delivered = AlertsTopic.read(bootstrap, topics.alerts().name());
        AlertReplay.Result expected =
            AlertReplay.replay(
                bootstrap, topics.detections().name(), alerts, dir.resolve("replay"));
        Set<String> committedFrames;
        try (Admin admin = cluster.admin()) {
          committedFrames =
              committedFrames(
                  bootstrap,
                  topics.frames().name(),
                  ConsumerGroups.committed(admin, workerGroup, topics.frames().name()));
        }
        Set<String> explained = explainedFrames(bootstrap, topics.detections().name());
        Set<String> unexplained = new HashSet<>(committedFrames);
        unexplained.removeAll(explained);
        System.out.printf(
            "three brokers: killed node %d (SIGKILL); detections of every camera went on %.1f s"
                + " after the kill; down %.1f s; all replicas in sync %.1f s after the restart%n",
            victim, goOnS, downS, inSyncS);
        System.out.printf(
            "frames committed by the worker: %d, without detections: %d, counted dropped: %.0f;"
                + " alerts: %d expected from %d detections records, %d on the topic (%d records)%n",
            committedFrames.size(),
            unexplained.size(),
            dropped,
            expected.ids().size(),
            expected.records(),
            delivered.ids().size(),
            delivered.records());

        assertThat(workerDrained).as("the worker committed every frame").isTrue();
        assertThat(publisherDrained).as("the publisher committed every detection").isTrue();
        assertThat(committedFrames).as("frames the worker committed").isNotEmpty();
        assertThat((double) unexplained.size())
            .as(
                "committed frames without detections %s, beyond those counted as dropped",
                unexplained)
            .isLessThanOrEqualTo(dropped);
        assertThat(expected.ids()).as("alerts the replay raises").isNotEmpty();
        assertThat(delivered.ids())
            .as("alerts on the topic: exactly those the detections raise")
            .isEqualTo(expected.ids());
        assertThat(HttpApi.of(runtime).get("/ready").status())
            .as("every role ready again without a restart")
            .isEqualTo(200);
      }
    }
  }

  /** Every camera has at least {@code n} detections records that arrived after {@code since}. */
  private static boolean everyCameraHas(TopicFlow flow, long since, int n) {
    Map<String, Long> counts =
        flow.all().stream()
            .filter(a -> a.detections() && a.nanos() > since)
            .collect(Collectors.groupingBy(TopicFlow.Arrival::camera, Collectors.counting()));
    return CAMERAS.stream().allMatch(c -> counts.getOrDefault(c, 0L) >= n);
  }

  /** The broker that leads the most partitions of {@code topics}. */
  private static int busiestLeader(Admin admin, List<String> topics) throws Exception {
    Map<Integer, Integer> led = new HashMap<>();
    for (TopicDescription d : describe(admin, topics).values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        led.merge(p.leader().id(), 1, Integer::sum);
      }
    }
    return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static Map<String, TopicDescription> describe(Admin admin, List<String> topics)
      throws Exception {
    return admin.describeTopics(topics).allTopicNames().get();
  }

  private static String minInsyncReplicas(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    return config.get("min.insync.replicas").value();
  }

  /** A rule that alerts on every tracked detection: each new track raises one alert. */
  private static AlertsConfig everyNewTrackAlerts(PublisherConfig p, Path snapshots) {
    return new AlertsConfig(
        1_000,
        10_000,
        snapshots.toString(),
        new LowConfidenceRuleConfig(true, 1.01, 2, 2, 1.01),
        p.alerts().wrongReasons(),
        p.alerts().classFlip(),
        p.alerts().webhookRetry(),
        List.of());
  }

  private static GradstreamConfig config(
      GradstreamConfig defaults, String bootstrap, AlertsConfig alerts) {
    KafkaConfig k = defaults.kafka();
    return new GradstreamConfig(
        List.of("ingest", "inference", "publisher"),
        new KafkaConfig(bootstrap, k.embedded(), k.topics(), k.maxMessageBytes()),
        new HttpConfig("127.0.0.1", 0),
        defaults.ingest(),
        defaults.inference(),
        defaults.publisher().withAlerts(alerts),
        List.of());
  }

  private static GradstreamConfig withCameras(GradstreamConfig c, String url) {
    return new GradstreamConfig(
        c.roles(),
        c.kafka(),
        c.http(),
        c.ingest(),
        c.inference(),
        c.publisher(),
        CAMERAS.stream().map(id -> new CameraConfig(id, url, FPS, 85, null, null)).toList());
  }

  /** camera/session/seq of each frames record below the worker group's committed offsets. */
  private static Set<String> committedFrames(
      String bootstrap, String topic, Map<TopicPartition, Long> committed) throws Exception {
    Set<String> out = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : TopicRecords.readAll(bootstrap, topic)) {
      if (r.offset() < committed.getOrDefault(new TopicPartition(topic, r.partition()), 0L)) {
        FrameEnvelope f = FrameEnvelope.parseFrom(r.value());
        out.add(f.getCameraId() + "/" + f.getIngestSession() + "/" + f.getSeq());
      }
    }
    return out;
  }

  private static Set<String> explainedFrames(String bootstrap, String topic) throws Exception {
    Set<String> out = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : TopicRecords.readAll(bootstrap, topic)) {
      ExplainedFrame f = ExplainedFrame.parseFrom(r.value());
      out.add(f.getCameraId() + "/" + f.getIngestSession() + "/" + f.getSeq());
    }
    return out;
  }
}

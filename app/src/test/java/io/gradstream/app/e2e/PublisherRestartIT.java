package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.ExplanationQuality;
import io.gradstream.publisher.alert.AlertId;
import io.gradstream.publisher.alert.AlertType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher stopped and started again on the same consumer group. Its detections group resumes
 * from the offsets it committed, after recalling the records just before them: the alerts of
 * detections produced while it was down are raised after the restart, an episode begun before the
 * stop goes on, and no detection it had already handled raises its alert again. Five tracks go bad
 * before the stop, five while it is down, and one has its first bad frame before and its second
 * after; the alerts topic must then hold exactly the eleven deterministic ids, each once. A
 * publisher-only runtime on an embedded broker; no model needed.
 */
@Tag("e2e")
class PublisherRestartIT {
  private static final String GROUP = "publisher-restart-it";
  private static final String CAMERA = "dock";
  private static final String SESSION = "dock-session";
  private static final long FRAME_MICROS = 100_000;
  @TempDir Path dir;

  @Test
  void aRestartedPublisherResumesFromItsCommittedOffsetsRaisingEveryAlertOnce() throws Exception {
    GradstreamConfig base = TestConfigs.ingest(dir.resolve("kafka"), List.of());
    KafkaConfig k = base.kafka();
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0),
                k.maxMessageBytes());
        KafkaProducer<String, byte[]> producer = producer(broker)) {
      String detections = k.topics().detections().name();
      try (Admin admin = admin(broker)) {
        TopicProvisioner.ensureTopics(admin, k.topics(), k.maxMessageBytes());
        ConsumerGroups.startAtEnd(admin, GROUP, detections);
      }
      GradstreamConfig config = publisherOnly(base, broker, GROUP);
      long t0 = System.currentTimeMillis() * 1000;
      List<String> expected = new ArrayList<>();

      try (GradstreamRuntime publisher = GradstreamRuntime.start(config)) {
        expected.addAll(sendTracks(producer, detections, 1, 5, t0));
        List<String> before = awaitAlerts(broker, k.topics().alerts().name(), expected.size());
        assertThat(before).containsExactlyInAnyOrderElementsOf(expected);
        // Track 6's first bad frame: its episode is half seen when the publisher stops.
        sendFrame(producer, detections, 6, 11, t0, null);
        try (Admin admin = admin(broker)) {
          long end = ConsumerGroups.endOffset(admin, detections);
          await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin, detections) == end);
        }
      }
      long committedAtStop;
      try (Admin admin = admin(broker)) {
        committedAtStop = committed(admin, detections);
        assertThat(committedAtStop)
            .as("everything handled was committed at the stop")
            .isEqualTo(11);
      }

      // While the publisher is down: track 6's second frame comes, and five more tracks go bad.
      sendFrame(producer, detections, 6, 12, t0, null);
      expected.add(trackAlert(6));
      expected.addAll(sendTracks(producer, detections, 7, 11, t0));

      long restarted = System.nanoTime();
      try (GradstreamRuntime publisher = GradstreamRuntime.start(config)) {
        awaitAlerts(broker, k.topics().alerts().name(), expected.size());
        System.out.printf(
            "publisher restart: the alerts of the detections produced while it was down came %.1f s "
                + "after the start%n",
            (System.nanoTime() - restarted) / 1e9);
        // Alerts are written (and acknowledged) before their detections are committed: once all 22
        // are, a re-read of the first five tracks would have written their alerts again by now.
        try (Admin admin = admin(broker)) {
          await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin, detections) == 22);
        }
        List<String> all = awaitAlerts(broker, k.topics().alerts().name(), expected.size());
        assertThat(all)
            .as(
                "every alert once: none skipped (track 6's, begun before the stop, included),"
                    + " none written again")
            .hasSize(11)
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(HttpApi.of(publisher).get("/metrics").body())
            .as("the restarted publisher raised only the six new alerts")
            .contains("gradstream_alerts_fired_total{type=\"low-confidence\"} 6.0");
      }
    }
  }

  /**
   * A publisher process killed with SIGKILL (no goodbye to its group, no last commit) while it
   * handles a burst of bad tracks, then a new one started on the same group: the new one reads
   * again from the last committed offsets, so every alert is on the topic, some perhaps twice with
   * the same id (at least once), none missing.
   */
  @Test
  void aPublisherKilledWithSigkillMidBurstLosesNoAlert() throws Exception {
    GradstreamConfig base = TestConfigs.ingest(dir.resolve("kafka"), List.of());
    KafkaConfig k = base.kafka();
    String group = "publisher-kill-it";
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0),
                k.maxMessageBytes());
        KafkaProducer<String, byte[]> producer = producer(broker)) {
      String detections = k.topics().detections().name();
      String alerts = k.topics().alerts().name();
      try (Admin admin = admin(broker)) {
        TopicProvisioner.ensureTopics(admin, k.topics(), k.maxMessageBytes());
      }
      long t0 = System.currentTimeMillis() * 1000;
      List<String> expected = new ArrayList<>();
      long killedAt;
      long committedAtKill;
      long endAtKill;
      try (GradstreamProcess first = publisherProcess(broker, group, "first")) {
        first.awaitLog("event=ready", Duration.ofSeconds(120));
        expected.addAll(sendTracks(producer, detections, 1, 5, t0));
        awaitAlerts(broker, alerts, expected.size());
        // The burst, and the kill right after it: the publisher is in the middle of it.
        expected.addAll(sendTracks(producer, detections, 6, 25, t0));
        killedAt = System.nanoTime();
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
            .as("the killed publisher exits")
            .isTrue();
        try (Admin admin = admin(broker)) {
          committedAtKill = committed(admin, group, detections);
          endAtKill = ConsumerGroups.endOffset(admin, detections);
        }
      }
      int onTopicAtKill = awaitAlerts(broker, alerts, 0).size();
      // While no publisher runs: five more tracks go bad.
      expected.addAll(sendTracks(producer, detections, 26, 30, t0));

      try (GradstreamProcess second = publisherProcess(broker, group, "second")) {
        second.awaitLog("event=ready", Duration.ofSeconds(120));
        try (Admin admin = admin(broker)) {
          long end = ConsumerGroups.endOffset(admin, detections);
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> committed(admin, group, detections) == end);
        }
        List<String> all = awaitAlerts(broker, alerts, expected.size());
        System.out.printf(
            "publisher SIGKILL: at the kill %d of %d detections records committed and %d alerts"
                + " on the topic; after the second publisher %d alert records, %d distinct,"
                + " %d expected, %.1f s from the kill%n",
            committedAtKill,
            endAtKill,
            onTopicAtKill,
            all.size(),
            new java.util.HashSet<>(all).size(),
            expected.size(),
            (System.nanoTime() - killedAt) / 1e9);
        assertThat(committedAtKill)
            .as("the kill came before the publisher had committed the whole burst")
            .isLessThan(endAtKill);
        assertThat(new java.util.HashSet<>(all))
            .as("every alert, none invented (repeats of an id are at-least-once)")
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  /** {@code gradstream run} with the publisher role alone, the rules as in the tests above. */
  private GradstreamProcess publisherProcess(EmbeddedKafkaBroker broker, String group, String name)
      throws Exception {
    return GradstreamProcess.start(
        dir.resolve("publisher-" + name + ".log"),
        Map.ofEntries(
            Map.entry("GRADSTREAM_ROLES", "publisher"),
            Map.entry("GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
            Map.entry("GRADSTREAM_HTTP_PORT", "0"),
            Map.entry("GRADSTREAM_PUBLISHER_CONSUMER_GROUP", group),
            Map.entry(
                "GRADSTREAM_PUBLISHER_ALERTS_SNAPSHOT_DIR", dir.resolve("snapshots").toString()),
            Map.entry("GRADSTREAM_PUBLISHER_ALERTS_COOLDOWN_MS", "1000"),
            Map.entry("GRADSTREAM_PUBLISHER_ALERTS_TRACK_IDLE_MS", "60000"),
            Map.entry("GRADSTREAM_PUBLISHER_ALERTS_LOW_CONFIDENCE_THRESHOLD", "0.5"),
            Map.entry("GRADSTREAM_PUBLISHER_ALERTS_LOW_CONFIDENCE_FRAMES", "2"),
            Map.entry("GRADSTREAM_PUBLISHER_ALERTS_LOW_CONFIDENCE_CLEAR_FRAMES", "2"),
            Map.entry("GRADSTREAM_PUBLISHER_ALERTS_CLASS_FLIP_ENABLED", "false")),
        "run");
  }

  /**
   * A publisher group that never ran (workers deployed first) reads the detections topic from
   * {@code publisher.first-start-lookback-ms} back: the alerts of detections written in the last
   * minute are raised, those of older detections are not (starting at the beginning would replay
   * the topic's whole retention as alerts).
   */
  @Test
  void aNewGroupRaisesTheAlertsOfDetectionsWrittenWithinTheLookbackBeforeItsFirstStart()
      throws Exception {
    GradstreamConfig base = TestConfigs.ingest(dir.resolve("kafka"), List.of());
    KafkaConfig k = base.kafka();
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0),
                k.maxMessageBytes());
        KafkaProducer<String, byte[]> producer = producer(broker)) {
      String detections = k.topics().detections().name();
      try (Admin admin = admin(broker)) {
        TopicProvisioner.ensureTopics(admin, k.topics(), k.maxMessageBytes());
      }
      long t0 = System.currentTimeMillis() * 1000;
      long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
      List<String> old = sendTracks(producer, detections, 1, 3, t0, tenMinutesAgo);
      List<String> recent = sendTracks(producer, detections, 4, 8, t0);

      assertThat(base.publisher().firstStartLookbackMs()).as("the default").isEqualTo(60_000);
      GradstreamConfig config = publisherOnly(base, broker, "publisher-first-start-it");
      try (GradstreamRuntime publisher = GradstreamRuntime.start(config)) {
        try (Admin admin = admin(broker)) {
          long end = ConsumerGroups.endOffset(admin, detections);
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> committed(admin, "publisher-first-start-it", detections) == end);
        }
        List<String> raised = awaitAlerts(broker, k.topics().alerts().name(), recent.size());
        assertThat(raised)
            .as("the recent tracks' alerts, once each; none of %s", old)
            .containsExactlyInAnyOrderElementsOf(recent);
      }
    }
  }

  /**
   * A publisher-only runtime on {@code broker} in {@code group}, the rules as in the test above.
   */
  private static GradstreamConfig publisherOnly(
      GradstreamConfig base, EmbeddedKafkaBroker broker, String group) {
    KafkaConfig k = base.kafka();
    PublisherConfig p = base.publisher();
    AlertsConfig alerts =
        new AlertsConfig(
            1_000,
            60_000,
            p.alerts().snapshotDir(),
            new LowConfidenceRuleConfig(true, 0.5, 2, 2),
            new WrongReasonsRuleConfig(false, 0.5, 0.3, 3, 3),
            new ClassFlipRuleConfig(false, 3),
            p.alerts().webhookRetry(),
            List.of());
    return new GradstreamConfig(
        List.of("publisher"),
        new KafkaConfig(broker.bootstrapServers(), k.embedded(), k.topics(), k.maxMessageBytes()),
        base.http(),
        base.ingest(),
        base.inference(),
        new PublisherConfig(
            group,
            p.firstStartLookbackMs(),
            p.joinBufferFrames(),
            p.joinTimeoutMs(),
            p.render(),
            p.republish(),
            alerts),
        List.of());
  }

  /**
   * Tracks {@code from}..{@code to}, each with two low-confidence frames; returns their alert ids.
   */
  private static List<String> sendTracks(
      KafkaProducer<String, byte[]> producer, String topic, int from, int to, long t0)
      throws Exception {
    return sendTracks(producer, topic, from, to, t0, null);
  }

  /** The same, the records stamped {@code writtenAtMillis} (null: now). */
  private static List<String> sendTracks(
      KafkaProducer<String, byte[]> producer,
      String topic,
      int from,
      int to,
      long t0,
      Long writtenAtMillis)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int track = from; track <= to; track++) {
      long firstSeq = 2L * track - 1;
      for (long seq = firstSeq; seq <= firstSeq + 1; seq++) {
        sendFrame(producer, topic, track, seq, t0, writtenAtMillis);
      }
      ids.add(trackAlert(track));
    }
    return ids;
  }

  /** The alert id of track {@code track}'s episode, which starts at its first frame. */
  private static String trackAlert(int track) {
    return AlertId.of(CAMERA, SESSION, track, AlertType.LOW_CONFIDENCE, 2L * track - 1);
  }

  /** One low-confidence frame of {@code track}, stamped {@code writtenAtMillis} (null: now). */
  private static void sendFrame(
      KafkaProducer<String, byte[]> producer,
      String topic,
      int track,
      long seq,
      long t0,
      Long writtenAtMillis)
      throws Exception {
    Detection d =
        Detection.newBuilder()
            .setTrackId(track)
            .setLabel("person")
            .setScore(0.9f)
            .setBox(Box.newBuilder().setX1(10).setY1(10).setX2(50).setY2(90))
            .setQuality(
                ExplanationQuality.newBuilder()
                    .setEnergyInBox(0.1f)
                    .setConcentration(0.1f)
                    .setConfidence(0.1f))
            .build();
    ExplainedFrame frame =
        ExplainedFrame.newBuilder()
            .setCameraId(CAMERA)
            .setIngestSession(SESSION)
            .setSeq(seq)
            .setCaptureTimeUnixMicros(t0 + seq * FRAME_MICROS)
            .setWidth(640)
            .setHeight(480)
            .addDetections(d)
            .build();
    producer
        .send(new ProducerRecord<>(topic, null, writtenAtMillis, CAMERA, frame.toByteArray()))
        .get();
  }

  /**
   * Every alert id on the topic, read from its start until at least {@code count} came (or 60 s
   * passed).
   */
  private static List<String> awaitAlerts(EmbeddedKafkaBroker broker, String topic, int count)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (ids.size() < count && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          ids.add(json.readTree(record.value()).get("id").asText());
        }
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          ids.add(json.readTree(record.value()).get("id").asText());
        }
      }
    }
    return ids;
  }

  private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static long committed(Admin admin, String topic) throws Exception {
    return committed(admin, GROUP, topic);
  }

  private static long committed(Admin admin, String group, String topic) throws Exception {
    return ConsumerGroups.committed(admin, group, topic).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }
}

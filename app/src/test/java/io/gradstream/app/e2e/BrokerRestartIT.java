package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.publisher.alert.AlertEvaluator;
import io.gradstream.publisher.alert.AlertId;
import io.gradstream.publisher.alert.RaisedAlert;
import io.gradstream.publisher.alert.rule.AlertRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker stopped for 20 s and started again on the same address while a camera streams
 * through ingest, a real inference worker (the 320 demo model) and the publisher, all running
 * against it as an external cluster, with a rule that raises an alert for every new track. Nothing
 * is restarted but the broker: frames flow again, readiness says Kafka is the problem during the
 * outage and is ready again after, and no alert is lost: replaying the detections the publisher
 * committed through a fresh alert evaluator with the same rules gives ids that are all on the
 * alerts topic (and the topic holds nothing the detections do not explain). Needs the 320 demo
 * model ({@code ./scripts/setup.sh}).
 */
@Tag("e2e")
class BrokerRestartIT {
  private static final Path MODEL =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");
  private static final String GROUP = "broker-restart-it";
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  @TempDir Path dir;

  /** The broker now running (a new object after the restart, on the same address). */
  private volatile EmbeddedKafkaBroker broker;

  @Test
  void rolesRecoverByThemselvesFromABrokerRestartAndNoAlertIsLost() throws Exception {
    assertThat(MODEL).as("the 320 demo model; run ./scripts/setup.sh to import it").isRegularFile();
    GradstreamConfig loaded =
        new ConfigLoader(
                Map.of(
                    "GRADSTREAM_INFERENCE_MODEL",
                    MODEL.toString(),
                    "GRADSTREAM_INFERENCE_INPUT_SIZE",
                    "320"))
            .load(null);
    try (LoopingRtspServer rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), "campus")) {
      GradstreamConfig base =
          TestConfigs.ingest(
              dir.resolve("kafka"),
              List.of(new CameraConfig("campus", rtsp.url(), 4.0, 85, null, null)));
      KafkaConfig k = base.kafka();
      broker =
          EmbeddedKafkaBroker.start(
              new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0), k.maxMessageBytes());
      try {
        try (Admin admin = admin(broker)) {
          TopicProvisioner.ensureTopics(admin, k.topics(), k.maxMessageBytes());
          ConsumerGroups.startAtEnd(
              admin,
              GROUP,
              k.topics().detections().name()); // from offset 0: the replay below covers it all
        }
        PublisherConfig p = base.publisher();
        // Every tracked detection is "low confidence" (thresholds above 1, for the reliability and
        // the map's
        // confidence alike): each new track raises one alert.
        AlertsConfig alerts =
            new AlertsConfig(
                1_000,
                10_000,
                p.alerts().snapshotDir(),
                new LowConfidenceRuleConfig(true, 1.01, 2, 2, 1.01),
                p.alerts().wrongReasons(),
                p.alerts().classFlip(),
                p.alerts().webhookRetry(),
                List.of());
        PublisherConfig publisher =
            new PublisherConfig(
                GROUP,
                p.firstStartLookbackMs(),
                p.joinBufferFrames(),
                p.joinTimeoutMs(),
                p.render(),
                p.republish(),
                alerts);
        GradstreamConfig config =
            new GradstreamConfig(
                List.of("ingest", "inference", "publisher"),
                new KafkaConfig(
                    broker.bootstrapServers(), k.embedded(), k.topics(), k.maxMessageBytes()),
                base.http(),
                base.ingest(),
                loaded.inference(),
                publisher,
                base.cameras());

        try (GradstreamRuntime runtime = GradstreamRuntime.start(config)) {
          HttpApi api = HttpApi.of(runtime);
          String detectionsTopic = k.topics().detections().name();
          try (DetectionsTopic detections =
              new DetectionsTopic(broker.bootstrapServers(), detectionsTopic)) {
            List<ExplainedFrame> before =
                detections.awaitAll(Duration.ofSeconds(180), seen -> seen.size() >= 10);
            assertThat(before)
                .as("detections flow before the outage")
                .hasSizeGreaterThanOrEqualTo(10);
          }
          await()
              .atMost(Duration.ofSeconds(120))
              .until(() -> alertIds(broker, k.topics().alerts().name()).size() >= 1);
          assertThat(api.get("/ready").status()).isEqualTo(200);

          // The outage.
          long stopping = System.nanoTime();
          EmbeddedBrokerConfig sameAddress = broker.sameAddress();
          broker.close();
          double stopSeconds = (System.nanoTime() - stopping) / 1e9;
          long stopped = System.nanoTime();
          String notReady = null;
          while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
            HttpApi.Response ready = api.get("/ready");
            if (ready.status() != 200 && notReady == null) {
              notReady =
                  String.format(
                      "%.1f s into the outage: %d %s",
                      (System.nanoTime() - stopped) / 1e9, ready.status(), ready.body());
            }
            Thread.sleep(500);
          }
          long restarting = System.nanoTime();
          long restartedAtMicros = System.currentTimeMillis() * 1000;
          broker = EmbeddedKafkaBroker.start(sameAddress, k.maxMessageBytes());
          long restarted = System.nanoTime();
          System.out.printf(
              "broker stop %.1f s, outage %.1f s, start again %.1f s%n",
              stopSeconds, (restarting - stopped) / 1e9, (restarted - restarting) / 1e9);
          System.out.println("readiness during the outage: " + notReady);
          assertThat(notReady)
              .as("readiness reports the outage")
              .isNotNull()
              .containsIgnoringCase("kafka");

          // Recovery, by themselves.
          double framesAgain;
          try (DetectionsTopic detections =
              new DetectionsTopic(broker.bootstrapServers(), detectionsTopic)) {
            List<ExplainedFrame> after =
                detections.awaitAll(
                    Duration.ofSeconds(120),
                    seen ->
                        seen.stream()
                            .anyMatch(f -> f.getCaptureTimeUnixMicros() > restartedAtMicros));
            framesAgain = (System.nanoTime() - restarted) / 1e9;
            assertThat(after)
                .as("frames captured after the restart are explained")
                .anyMatch(f -> f.getCaptureTimeUnixMicros() > restartedAtMicros);
          }
          await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/ready").status() == 200);
          double readyAgain = (System.nanoTime() - restarted) / 1e9;
          System.out.printf(
              "after the broker is back: new frames explained in %.1f s, ready in %.1f s%n",
              framesAgain, readyAgain);
          // The check below covers detections written after the restart: everything on the topic
          // now (frames captured after the restart among them) must be handled and committed.
          try (Admin admin = admin(broker)) {
            Map<TopicPartition, Long> written = ConsumerGroups.ends(admin, detectionsTopic);
            await("the publisher commits what was written after the restart")
                .atMost(Duration.ofSeconds(120))
                .untilAsserted(
                    () -> {
                      Map<TopicPartition, Long> committed =
                          ConsumerGroups.committed(admin, GROUP, detectionsTopic);
                      written.forEach(
                          (partition, end) ->
                              assertThat(committed.getOrDefault(partition, 0L))
                                  .as("committed on %s", partition)
                                  .isGreaterThanOrEqualTo(end));
                    });
          }
        }

        // No alert lost: what the publisher committed, replayed, is all on the alerts topic.
        try (Admin admin = admin(broker)) {
          Map<TopicPartition, Long> committed =
              ConsumerGroups.committed(admin, GROUP, k.topics().detections().name());
          Replay replay = replay(broker, k.topics().detections().name(), committed, alerts);
          Set<String> onTopic = new HashSet<>(alertIds(broker, k.topics().alerts().name()));
          System.out.printf(
              "alerts: %d expected from %d committed detections records, %d on the topic (%d records)%n",
              replay.mustHave().size(),
              replay.committedRecords(),
              onTopic.size(),
              alertIds(broker, k.topics().alerts().name()).size());
          assertThat(replay.mustHave()).as("alerts of committed detections").isNotEmpty();
          assertThat(onTopic)
              .as("every alert the committed detections raise is on the topic")
              .containsAll(replay.mustHave());
          assertThat(replay.mayHave())
              .as("the topic holds only alerts the detections explain")
              .containsAll(onTopic);
        }
      } finally {
        broker.close();
      }
    }
  }

  /**
   * Alert ids from the committed detections (must be on the topic) and from all of them (may be).
   */
  record Replay(Set<String> mustHave, Set<String> mayHave, long committedRecords) {}

  /**
   * The alert engine's decisions, made again by a fresh evaluator with the same rules over the
   * detections topic in order, skipping a frame already seen or older than the camera's newest (as
   * the engine does).
   */
  private static Replay replay(
      EmbeddedKafkaBroker broker,
      String topic,
      Map<TopicPartition, Long> committed,
      AlertsConfig alerts)
      throws Exception {
    AlertEvaluator evaluator =
        new AlertEvaluator(AlertRules.enabledIn(alerts), alerts.cooldownMs(), alerts.trackIdleMs());
    Set<String> mustHave = new LinkedHashSet<>();
    Set<String> mayHave = new LinkedHashSet<>();
    Map<String, String> newestSession = new HashMap<>();
    Map<String, Long> newestSeq = new HashMap<>();
    long committedRecords = 0;
    for (ConsumerRecord<String, byte[]> record :
        TopicRecords.readAll(broker.bootstrapServers(), topic)) {
      ExplainedFrame frame = ExplainedFrame.parseFrom(record.value());
      String camera = frame.getCameraId();
      if (frame.getIngestSession().equals(newestSession.get(camera))
          && frame.getSeq() <= newestSeq.get(camera)) {
        continue; // a repeat or an older frame: the engine does not step the rules for it
      }
      newestSession.put(camera, frame.getIngestSession());
      newestSeq.put(camera, frame.getSeq());
      boolean isCommitted =
          record.offset()
              < committed.getOrDefault(new TopicPartition(topic, record.partition()), 0L);
      committedRecords += isCommitted ? 1 : 0;
      for (RaisedAlert raised : evaluator.evaluate(frame).raised()) {
        String id =
            AlertId.of(
                camera,
                frame.getIngestSession(),
                raised.detection().getTrackId(),
                raised.type(),
                raised.trigger().episodeStartSeq());
        mayHave.add(id);
        if (isCommitted) {
          mustHave.add(id);
        }
      }
    }
    return new Replay(mustHave, mayHave, committedRecords);
  }

  private static List<String> alertIds(EmbeddedKafkaBroker broker, String topic) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record :
        TopicRecords.readAll(broker.bootstrapServers(), topic)) {
      ids.add(json.readTree(record.value()).get("id").asText());
    }
    return ids;
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}

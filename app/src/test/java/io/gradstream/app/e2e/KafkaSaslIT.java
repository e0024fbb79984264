package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.kafka.SecuredKafkaBroker;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.app.runtime.InferenceBindings;
import io.gradstream.app.runtime.StartupException;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.wire.ExplainedFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * gradstream against a secured cluster: a real KRaft broker whose only client listener is
 * SASL_PLAINTEXT with SCRAM-SHA-256, and a real runtime (ingest from an RTSP camera, inference with
 * the real model, publisher) that knows only that listener and gets its login from
 * kafka.client-properties, the password from the environment as an operator's Secret would give it.
 * Every Kafka client the roles create must carry the settings, or it never gets in. Needs the demo
 * model, opencv-doc (vtest.avi) and rtsp-server-perl.
 */
@Tag("e2e")
class KafkaSaslIT {
  private static final String USER = "gradstream";
  private static final String PASSWORD = "gs-Scram-pw-7731";
  private static final String WRONG_PASSWORD = "not-the-pw-4412";
  private static final String CAMERA = "campus";
  private static final Path DEMO_MODEL =
      Path.of(System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s.onnx");

  @TempDir static Path dir;
  static SecuredKafkaBroker broker;
  static LoopingRtspServer rtsp;

  /**
   * Kafka's clients, and AbstractConfig, which dumps every client's settings at INFO when it is
   * created.
   */
  private static final List<String> KAFKA_CLIENT_LOGGERS =
      List.of("org.apache.kafka.clients", "org.apache.kafka.common.config.AbstractConfig");

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Map<String, Level> levelsBefore = new HashMap<>();

  @BeforeAll
  static void startBrokerAndCamera() throws Exception {
    assertThat(DEMO_MODEL)
        .as("the demo model; run ./scripts/setup.sh to import it")
        .isRegularFile();
    broker = SecuredKafkaBroker.sasl(dir.resolve("kafka"), Map.of(USER, PASSWORD));
    rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), CAMERA);
  }

  @AfterAll
  static void stop() {
    if (rtsp != null) rtsp.close();
    if (broker != null) broker.close();
  }

  /**
   * Every log line of the run, Kafka's client config dumps (INFO) included, to check none holds the
   * password.
   */
  @BeforeEach
  void captureLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (String name : KAFKA_CLIENT_LOGGERS) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      levelsBefore.put(name, logger.getLevel());
      logger.setLevel(Level.INFO);
    }
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    levelsBefore.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
  }

  private GradstreamConfig config(String run, String password) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gradstream-" + run + ".yaml"),
            """
        roles: [ingest, inference, publisher]
        kafka:
          bootstrap-servers: %s
          client-properties:
            security.protocol: SASL_PLAINTEXT
            sasl.mechanism: SCRAM-SHA-256
        http:
          port: 0
        ingest:
          read-timeout-ms: 2000
        publisher:
          alerts:
            snapshot-dir: %s
        cameras:
          - {id: %s, url: "%s", max-fps: 3}
        """
                .formatted(
                    broker.bootstrapServers(),
                    dir.resolve("snapshots-" + run),
                    CAMERA,
                    rtsp.url()));
    // The password comes from the environment, as a Kubernetes Secret or a compose env_file gives
    // it.
    return new ConfigLoader(
            Map.of(
                "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SASL_JAAS_CONFIG",
                SecuredKafkaBroker.jaas(USER, password)))
        .load(file);
  }

  @Test
  void wrongPasswordFailsTheStartWithinSecondsNamingKafkaClientPropertiesAndNeverThePassword()
      throws Exception {
    GradstreamConfig config = config("wrong-password", WRONG_PASSWORD);

    long started = System.nanoTime();
    StartupException e =
        catchThrowableOfType(
            StartupException.class,
            () -> GradstreamRuntime.start(config, InferenceBindings.real()).close());
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(e).as("start with a wrong password").isNotNull();
    System.out.println(
        "KafkaSaslIT: wrong password refused in " + tookMs + " ms: " + e.getMessage());
    assertThat(tookMs)
        .as("a refused login fails the start at once, it is not retried until a timeout")
        .isLessThan(20_000);
    assertThat(e.getMessage())
        .contains("refused gradstream's credentials")
        .contains("check kafka.client-properties")
        .contains("sasl.jaas.config")
        .contains(broker.bootstrapServers())
        .doesNotContain(WRONG_PASSWORD);
    assertNoLogLineHolds(WRONG_PASSWORD);
  }

  @Test
  void withTheRightLoginEveryRoleWorksThroughTheSaslListenerAndNoLogLineHoldsThePassword()
      throws Exception {
    GradstreamConfig config = config("right-password", PASSWORD);
    Map<String, Object> testClient = new HashMap<>(SecuredKafkaBroker.saslSettings(USER, PASSWORD));
    testClient.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

    try (GradstreamRuntime runtime = GradstreamRuntime.start(config, InferenceBindings.real())) {
      assertThat(runtime.kafkaConnection().toString())
          .doesNotContain(PASSWORD)
          .contains("sasl.jaas.config=***");

      // ingest's producer -> frames -> the worker's consumer -> its producer -> detections
      List<ExplainedFrame> detected =
          detections(
              testClient, config.kafka().topics().detections().name(), Duration.ofSeconds(120), 5);
      assertThat(detected)
          .as("explained frames of the camera")
          .hasSizeGreaterThanOrEqualTo(5)
          .allSatisfy(f -> assertThat(f.getWorkerId()).isEqualTo(runtime.inferenceWorkerId()));

      // the publisher's detections consumer read them and committed, in its group
      try (Admin admin = Admin.create(testClient)) {
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
            && committed.values().stream().noneMatch(o -> o != null && o.offset() > 0)) {
          committed =
              admin
                  .listConsumerGroupOffsets(config.publisher().consumerGroup())
                  .partitionsToOffsetAndMetadata()
                  .get(10, TimeUnit.SECONDS);
          Thread.sleep(200);
        }
        assertThat(committed.values())
            .as("offsets the publisher committed on the detections topic")
            .anyMatch(o -> o != null && o.offset() > 0);
        assertThat(
                admin
                    .listConsumerGroupOffsets(config.inference().consumerGroup())
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .values())
            .as("offsets the worker committed on the frames topic")
            .anyMatch(o -> o != null && o.offset() > 0);
      }

      // Each client logged in through SASL, the idle alert producer too (idempotent: it fetches its
      // producer id at once).
      Map<String, Double> logins = authentications(runtime, "successful");
      assertThat(logins)
          .as("successful SASL logins per Kafka client id")
          .containsKeys(
              "gradstream-ingest-frames",
              "gradstream-camera-registry",
              "gradstream-camera-registry-reader",
              "gradstream-publisher-frames",
              "gradstream-publisher-detections",
              "gradstream-publisher-camera-directory",
              "gradstream-publisher-alerts");
      assertThat(logins.keySet())
          .as("the worker's consumer and producer")
          .anyMatch(c -> c.startsWith("gradstream-inference-"));
      assertThat(logins)
          .as("successful SASL logins per Kafka client id")
          .allSatisfy((client, n) -> assertThat(n).as(client).isGreaterThanOrEqualTo(1));
      assertThat(authentications(runtime, "failed"))
          .as("failed SASL logins per Kafka client id")
          .allSatisfy((client, n) -> assertThat(n).as(client).isZero());
    }
    assertThat(logs.list)
        .as("Kafka's client config dump ran, and hid the JAAS line")
        .anyMatch(e -> e.getFormattedMessage().contains("sasl.jaas.config = [hidden]"));
    assertNoLogLineHolds(PASSWORD);
  }

  private static List<ExplainedFrame> detections(
      Map<String, Object> client, String topic, Duration within, int wanted) throws Exception {
    Map<String, Object> settings = new HashMap<>(client);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ExplainedFrame> seen = new java.util.ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + within.toNanos();
      while (seen.size() < wanted && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          ExplainedFrame frame = ExplainedFrame.parseFrom(record.value());
          if (frame.getCameraId().equals(CAMERA)) {
            seen.add(frame);
          }
        }
      }
    }
    return seen;
  }

  private static final Pattern AUTH_METRIC =
      Pattern.compile("^kafka_\\w+_(successful|failed)_authentication_total\\{([^}]*)} (\\S+)$");
  private static final Pattern CLIENT_ID = Pattern.compile("client_id=\"([^\"]*)\"");

  /**
   * successful or failed SASL authentications per Kafka client id, as the runtime's /metrics
   * reports them.
   */
  private static Map<String, Double> authentications(GradstreamRuntime runtime, String outcome) {
    Map<String, Double> byClient = new TreeMap<>();
    for (String line : HttpApi.of(runtime).get("/metrics").body().split("\n")) {
      Matcher m = AUTH_METRIC.matcher(line);
      if (m.matches() && m.group(1).equals(outcome)) {
        Matcher client = CLIENT_ID.matcher(m.group(2));
        if (client.find()) {
          byClient.merge(client.group(1), Double.parseDouble(m.group(3)), Double::sum);
        }
      }
    }
    return byClient;
  }

  private void assertNoLogLineHolds(String secret) {
    assertThat(logs.list).as("log lines captured").isNotEmpty();
    for (ILoggingEvent event : logs.list) {
      String line =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : " " + event.getThrowableProxy().getMessage());
      assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
    }
  }
}

package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.PublisherConfig;
import io.gradstream.common.config.WebhookConfig;
import io.gradstream.common.config.WebhookTargetsConfig;
import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.common.image.LetterboxPlacement;
import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.ExplanationQuality;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.explain.quality.CellBox;
import io.gradstream.explain.quality.Quality;
import io.gradstream.publisher.alert.AlertId;
import io.gradstream.publisher.alert.AlertType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert scenario from real frames. darknet's dog.jpg goes through a gradstream runtime running
 * the real YOLOv5s detector with Grad-CAM ({@code roles: [inference]}); its tracked dog, map and
 * quality as the worker made them are then replayed on camera "yard" to a second runtime running
 * only the publisher, with the dog's box moved away from its map for some frames (the quality
 * recomputed with the worker's own {@link io.gradstream.explain.quality.ExplanationQuality}). Both
 * share one embedded KRaft broker. Two webhooks listen on real HTTP servers, one of which fails
 * twice before it accepts.
 *
 * <p>Needs the demo model ({@code ./scripts/setup.sh}) and darknet's sample images.
 */
@Tag("e2e")
class AlertScenarioIT {
  private static final Path DOG = Path.of("/usr/share/darknet/data/dog.jpg");
  private static final Path DEMO_MODEL =
      Path.of(System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s.onnx");
  private static final String CAMERA = "yard";
  private static final String SESSION = "yard-session-1";
  private static final String GOOD_SECRET = "good-hook-secret";
  private static final String FLAKY_SECRET = "flaky-hook-secret";
  private static final long FRAME_MICROS = 100_000;
  private static final long COOLDOWN_MS = 3_000;

  @TempDir static Path dir;
  static EmbeddedKafkaBroker broker;
  static GradstreamRuntime publisher;
  static HttpServer hooks;
  static KafkaProducer<String, byte[]> producer;
  static GradstreamConfig base;
  static byte[] dogJpeg;

  /** The worker's explained frame of dog.jpg with its tracked dog. */
  static ExplainedFrame real;

  static Detection realDog;

  /** A webhook request: path, status answered, body and signature header. */
  record Hook(String path, int status, String body, String signature, String alertId) {}

  static final List<Hook> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    assertThat(DEMO_MODEL)
        .as("the demo model; run ./scripts/setup.sh to import it")
        .isRegularFile();
    assertThat(DOG).as("darknet's sample images (apt-get install darknet)").isRegularFile();
    dogJpeg = Files.readAllBytes(DOG);
    GradstreamConfig defaults = new ConfigLoader(Map.of()).load(null);
    KafkaConfig k = defaults.kafka();
    broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0), k.maxMessageBytes());
    KafkaConfig shared =
        new KafkaConfig(broker.bootstrapServers(), k.embedded(), k.topics(), k.maxMessageBytes());
    try (Admin admin = admin()) {
      TopicProvisioner.ensureTopics(admin, k.topics(), k.maxMessageBytes());
    }
    base =
        new GradstreamConfig(
            List.of("inference"),
            shared,
            new HttpConfig("127.0.0.1", 0),
            defaults.ingest(),
            defaults.inference(),
            defaults.publisher(),
            List.of());
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                k.maxMessageBytes()),
            new StringSerializer(),
            new ByteArraySerializer());

    explainTheDogWithTheRealDetector();
    startWebhooks();
    startThePublisher();
  }

  /**
   * Stage 1: the real worker explains dog.jpg until it reports a tracked dog; then it is stopped.
   */
  private static void explainTheDogWithTheRealDetector() throws Exception {
    try (GradstreamRuntime inference = GradstreamRuntime.start(base);
        DetectionsTopic detections =
            new DetectionsTopic(
                broker.bootstrapServers(), base.kafka().topics().detections().name())) {
      AtomicInteger seq = new AtomicInteger();
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (real == null && System.nanoTime() < deadline) {
        // Fresh capture times: the worker drops frames older than inference.max-frame-age-ms.
        producer.send(
            frameRecord(
                "source",
                "source-session",
                seq.incrementAndGet(),
                System.currentTimeMillis() * 1000));
        for (ExplainedFrame f : detections.awaitAll(Duration.ofMillis(500), seen -> false)) {
          if (f.getDetectionsList().stream()
              .anyMatch(d -> d.getLabel().equals("dog") && d.getTrackId() != 0)) {
            real = f;
          }
        }
      }
    }
    assertThat(real).as("an explained frame of dog.jpg with a tracked dog").isNotNull();
    realDog =
        real.getDetectionsList().stream()
            .filter(d -> d.getLabel().equals("dog"))
            .findFirst()
            .orElseThrow();
  }

  private static void startWebhooks() throws Exception {
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext(
        "/good",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Hook(
                  "/good",
                  200,
                  body,
                  exchange.getRequestHeaders().getFirst("X-Gradstream-Signature"),
                  exchange.getRequestHeaders().getFirst("X-Gradstream-Alert-Id")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    // Fails every alert's first two attempts.
    Map<String, AtomicInteger> flakyCalls = new java.util.concurrent.ConcurrentHashMap<>();
    hooks.createContext(
        "/flaky",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String id =
              String.valueOf(exchange.getRequestHeaders().getFirst("X-Gradstream-Alert-Id"));
          int status =
              flakyCalls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() <= 2
                  ? 500
                  : 200;
          received.add(
              new Hook(
                  "/flaky",
                  status,
                  body,
                  exchange.getRequestHeaders().getFirst("X-Gradstream-Signature"),
                  exchange.getRequestHeaders().getFirst("X-Gradstream-Alert-Id")));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    hooks.start();
  }

  /**
   * Stage 2: a publisher-only runtime with wrong-reasons alerts (3 frames to fire, 3 to re-arm).
   */
  private static void startThePublisher() throws Exception {
    String hookBase = "http://127.0.0.1:" + hooks.getAddress().getPort();
    PublisherConfig p = base.publisher();
    AlertsConfig alerts =
        new AlertsConfig(
            COOLDOWN_MS,
            30_000,
            dir.resolve("snapshots").toString(),
            new LowConfidenceRuleConfig(false, 0.2, 5, 5),
            new WrongReasonsRuleConfig(true, 0.5, 0.3, 3, 3),
            new ClassFlipRuleConfig(true, 3),
            new BackoffConfig(100, 1_000, 2.0, 0.2),
            List.of(
                new WebhookConfig(hookBase + "/good", GOOD_SECRET, 5_000L, 3),
                new WebhookConfig(hookBase + "/flaky", FLAKY_SECRET, 5_000L, 5)),
            // The receivers run on this host: loopback targets are refused unless allowed.
            WebhookTargetsConfig.PUBLIC_ONLY.allowingPrivate());
    // Frames are held up to a minute for their detections, so every alert finds its frame for the
    // snapshot.
    PublisherConfig publisherConfig =
        new PublisherConfig(
            "alert-scenario",
            p.firstStartLookbackMs(),
            200,
            60_000,
            p.render(),
            p.republish(),
            alerts);
    // The group starts at the detections topic's end: stage 1's frames are not the scenario.
    try (Admin admin = admin()) {
      ConsumerGroups.startAtEnd(admin, "alert-scenario", base.kafka().topics().detections().name());
    }
    publisher =
        GradstreamRuntime.start(
            new GradstreamConfig(
                List.of("publisher"),
                base.kafka(),
                base.http(),
                base.ingest(),
                base.inference(),
                publisherConfig,
                List.of()));
  }

  @AfterAll
  static void stop() {
    if (publisher != null) publisher.close();
    if (hooks != null) hooks.stop(0);
    if (producer != null) producer.close();
    if (broker != null) broker.close();
  }

  @Test
  void oneAlertPerEpisodeReachesKafkaBothWebhooksAndServesItsSnapshot() throws Exception {
    CellMapper cells = new CellMapper(real, realDog);
    Quality onTheDog = cells.quality(realDog.getBox());
    // The recomputation agrees with the worker (up to the map's 8-bit PNG), so the moved box is
    // judged alike.
    assertThat((double) onTheDog.energyInBox())
        .isCloseTo(
            realDog.getQuality().getEnergyInBox(), org.assertj.core.data.Offset.offset(0.05));
    assertThat(realDog.getScore())
        .as("the real dog is sure enough for the rule")
        .isGreaterThanOrEqualTo(0.5f);
    assertThat(realDog.getQuality().getEnergyInBox())
        .as("the real dog's map lies on it")
        .isGreaterThan(0.3f);
    Box away = mirrored(realDog.getBox(), real.getWidth());
    Quality offTheDog = cells.quality(away);
    assertThat(offTheDog.energyInBox())
        .as("the mirrored box misses the map")
        .isLessThanOrEqualTo(0.3f);

    Detection good = realDog;
    Detection bad = realDog.toBuilder().setBox(away).setQuality(wire(offTheDog)).build();
    long track = realDog.getTrackId();
    Detection sentinel = bad.toBuilder().setTrackId(track + 1000).build();

    // seq 1-3 good; 4-9 bad (episode 1, fires at 6); 10-13 good (re-armed after 3); 14-17 bad
    // 1.0-1.1 s after the
    // alert (episode 2, within the 3 s cooldown: quiet); 18-21 good; then 5 s later 22-27 bad
    // (episode 3, fires);
    // 28-30 good. Seq 6 is delivered twice, as after a crash before its offset was committed.
    List<ExplainedFrame> scenario = new ArrayList<>();
    long t0 = System.currentTimeMillis() * 1000;
    for (int seq = 1; seq <= 30; seq++) {
      boolean isBad =
          (seq >= 4 && seq <= 9) || (seq >= 14 && seq <= 17) || (seq >= 22 && seq <= 27);
      long time = t0 + seq * FRAME_MICROS + (seq >= 22 ? 5_000_000 : 0);
      scenario.add(explained(seq, time, isBad ? bad : good));
      if (seq == 6) {
        scenario.add(explained(seq, time, bad));
      }
    }
    // Then a second track goes bad for 3 frames: its alert on the topic shows every frame before it
    // was handled.
    for (int seq = 31; seq <= 33; seq++) {
      scenario.add(explained(seq, t0 + seq * FRAME_MICROS + 5_000_000, good, sentinel));
    }

    // The frames first, so the publisher holds each one when its detections come (snapshots). Its
    // frame
    // reader was positioned at the topic's end when it started, so it reads every one of them.
    double framesBefore = publisherFramesConsumed();
    for (ExplainedFrame f : scenario) {
      producer.send(frameRecord(CAMERA, SESSION, f.getSeq(), f.getCaptureTimeUnixMicros()));
    }
    producer.flush();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> publisherFramesConsumed() >= framesBefore + scenario.size());
    for (ExplainedFrame f : scenario) {
      producer.send(
          new ProducerRecord<>(base.kafka().topics().detections().name(), CAMERA, f.toByteArray()));
    }
    producer.flush();

    String episode1 = AlertId.of(CAMERA, SESSION, track, AlertType.WRONG_REASONS, 4);
    String episode3 = AlertId.of(CAMERA, SESSION, track, AlertType.WRONG_REASONS, 22);
    String sentinelId = AlertId.of(CAMERA, SESSION, track + 1000, AlertType.WRONG_REASONS, 31);

    // Kafka: exactly the alerts of episodes 1 and 3 for the dog (none for episode 2), each once.
    List<JsonNode> onTopic = readAlertsUntil(sentinelId, Duration.ofSeconds(60));
    List<JsonNode> dogAlerts =
        onTopic.stream().filter(a -> a.get("track_id").asLong() == track).toList();
    assertThat(dogAlerts).extracting(a -> a.get("id").asText()).containsExactly(episode1, episode3);
    JsonNode first = dogAlerts.get(0);
    assertThat(first.get("type").asText()).isEqualTo("wrong-reasons");
    assertThat(first.get("camera_id").asText()).isEqualTo(CAMERA);
    assertThat(first.get("seq").asLong()).isEqualTo(6);
    assertThat(first.get("episode_start_seq").asLong()).isEqualTo(4);
    assertThat(first.get("time_unix_micros").asLong()).isEqualTo(t0 + 6 * FRAME_MICROS);
    assertThat(first.get("detection").get("label").asText()).isEqualTo("dog");
    assertThat(first.get("detection").get("box").get("x1").asDouble())
        .isEqualTo(away.getX1(), org.assertj.core.data.Offset.offset(1e-3));
    assertThat(first.get("quality").get("energy_in_box").asDouble()).isLessThanOrEqualTo(0.3);
    assertThat(first.get("reason").asText()).contains("dog").contains("energy");
    assertThat(onTopic).extracting(a -> a.get("id").asText()).doesNotHaveDuplicates();

    // Webhooks: every alert once at the good one, signed; the flaky one failed each twice, then got
    // it once.
    List<String> ids = List.of(episode1, episode3, sentinelId);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> delivered("/good").size() == 3 && delivered("/flaky").size() == 3);
    assertThat(delivered("/good")).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(delivered("/flaky")).containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(
              received.stream()
                  .filter(h -> h.path().equals("/flaky") && h.alertId().equals(id))
                  .map(Hook::status))
          .as("attempts at the flaky webhook for %s", id)
          .containsExactly(500, 500, 200);
    }
    for (Hook hook : received) {
      String secret = hook.path().equals("/good") ? GOOD_SECRET : FLAKY_SECRET;
      assertThat(hook.signature()).isEqualTo("sha256=" + hmacHex(hook.body(), secret));
      assertThat(new ObjectMapper().readTree(hook.body()).get("id").asText())
          .isEqualTo(hook.alertId());
    }

    // Snapshots: each alert's URL serves the frame with the heatmap as a JPEG.
    HttpApi api = HttpApi.of(publisher);
    for (JsonNode alert : dogAlerts) {
      String url = alert.get("snapshot_url").asText();
      assertThat(url).isEqualTo("/snapshots/" + alert.get("id").asText() + ".jpg");
      HttpResponse<byte[]> snapshot = getBytes(url);
      assertThat(snapshot.statusCode()).isEqualTo(200);
      assertThat(snapshot.headers().firstValue("Content-Type")).contains("image/jpeg");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(snapshot.body()));
      assertThat(image).as("the snapshot decodes as an image").isNotNull();
      assertThat(image.getWidth()).isEqualTo(768);
      assertThat(image.getHeight()).isEqualTo(576);
    }
    assertThat(getBytes("/snapshots/" + "0".repeat(64) + ".jpg").statusCode()).isEqualTo(404);
    assertThat(getBytes("/snapshots/..%2F..%2Fetc%2Fpasswd").statusCode()).isIn(400, 404);

    // The recent-alerts API and the metrics agree.
    HttpApi.Response recent = api.get("/api/alerts?limit=10");
    assertThat(recent.status()).isEqualTo(200);
    List<String> recentIds = new ArrayList<>();
    recent.json().forEach(a -> recentIds.add(a.get("id").asText()));
    assertThat(recentIds).containsExactly(sentinelId, episode3, episode1);
    assertThat(api.get("/api/alerts?limit=0").status()).isEqualTo(400);
    String metrics = api.get("/metrics").body();
    assertThat(metrics)
        .contains("gradstream_alerts_fired_total{type=\"wrong-reasons\"} 3.0")
        .contains("gradstream_alerts_suppressed_total{type=\"wrong-reasons\"} 1.0")
        .contains("gradstream_webhook_deliveries_total{outcome=\"delivered\"} 6.0")
        .contains("gradstream_webhook_attempt_failures_total{reason=\"status\"} 6.0");
  }

  // ---------------------------------------------------------------- helpers

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static ProducerRecord<String, byte[]> frameRecord(
      String camera, String session, long seq, long captureMicros) {
    FrameEnvelope frame =
        FrameEnvelope.newBuilder()
            .setCameraId(camera)
            .setSeq(seq)
            .setCaptureTimeUnixMicros(captureMicros)
            .setIngestSession(session)
            .setWidth(768)
            .setHeight(576)
            .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
            .setData(ByteString.copyFrom(dogJpeg))
            .build();
    return new ProducerRecord<>(base.kafka().topics().frames().name(), camera, frame.toByteArray());
  }

  private static ExplainedFrame explained(long seq, long captureMicros, Detection... detections) {
    ExplainedFrame.Builder b =
        real.toBuilder()
            .setCameraId(CAMERA)
            .setIngestSession(SESSION)
            .setSeq(seq)
            .setCaptureTimeUnixMicros(captureMicros)
            .clearDetections();
    for (Detection d : detections) {
      b.addDetections(d);
    }
    return b.build();
  }

  /** The box mirrored left to right across the frame: same size, other side. */
  private static Box mirrored(Box box, int width) {
    return box.toBuilder().setX1(width - box.getX2()).setX2(width - box.getX1()).build();
  }

  private static ExplanationQuality wire(Quality q) {
    return ExplanationQuality.newBuilder()
        .setEnergyInBox(q.energyInBox())
        .setConcentration(q.concentration())
        .setConfidence(q.confidence())
        .build();
  }

  /** A detection's map and how source pixels land on its cells (the worker's letterbox). */
  private static final class CellMapper {
    private final float[] map;
    private final int width;
    private final int height;
    private final int stride;
    private final LetterboxPlacement placement;

    CellMapper(ExplainedFrame frame, Detection d) throws Exception {
      BufferedImage png =
          ImageIO.read(new ByteArrayInputStream(d.getCam().getData().toByteArray()));
      width = d.getCam().getWidth();
      height = d.getCam().getHeight();
      stride = d.getCam().getStride();
      map = new float[width * height];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          map[y * width + x] = png.getRaster().getSample(x, y, 0);
        }
      }
      placement = LetterboxPlacement.of(width * stride, frame.getWidth(), frame.getHeight());
    }

    Quality quality(Box box) {
      float sx = (float) placement.resizedWidth() / placement.sourceWidth();
      float sy = (float) placement.resizedHeight() / placement.sourceHeight();
      CellBox cells =
          new CellBox(
              clampX((box.getX1() * sx + placement.padLeft()) / stride),
              clampY((box.getY1() * sy + placement.padTop()) / stride),
              clampX((box.getX2() * sx + placement.padLeft()) / stride),
              clampY((box.getY2() * sy + placement.padTop()) / stride));
      return io.gradstream.explain.quality.ExplanationQuality.measure(map, width, height, cells);
    }

    private float clampX(float v) {
      return Math.max(0, Math.min(width, v));
    }

    private float clampY(float v) {
      return Math.max(0, Math.min(height, v));
    }
  }

  /**
   * Reads the alerts topic from the start until the alert {@code lastId} came; returns every alert
   * read.
   */
  private static List<JsonNode> readAlertsUntil(String lastId, Duration within) throws Exception {
    String topic = base.kafka().topics().alerts().name();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> alerts = new ArrayList<>();
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
      long deadline = System.nanoTime() + within.toNanos();
      while (alerts.stream().noneMatch(a -> a.get("id").asText().equals(lastId))
          && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          JsonNode alert = json.readTree(record.value());
          assertThat(record.key())
              .as("alerts are keyed by camera")
              .isEqualTo(alert.get("camera_id").asText());
          alerts.add(alert);
        }
      }
    }
    assertThat(alerts).as("alerts on the topic").anyMatch(a -> a.get("id").asText().equals(lastId));
    return alerts;
  }

  /** Alert ids a webhook answered 2xx to, in arrival order. */
  private static List<String> delivered(String path) {
    return received.stream()
        .filter(h -> h.path().equals(path) && h.status() == 200)
        .map(Hook::alertId)
        .toList();
  }

  private static String hmacHex(String body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpResponse<byte[]> getBytes(String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publisher.httpPort() + path))
            .header("Authorization", "Bearer " + publisher.accessToken())
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Records the publisher's frame reader has consumed, from its Kafka client metrics on /metrics.
   */
  private static double publisherFramesConsumed() throws Exception {
    String series =
        "kafka_consumer_fetch_manager_records_consumed_total{client_id=\"gradstream-publisher-frames\"";
    return HttpApi.of(publisher)
        .get("/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }
}

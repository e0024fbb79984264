package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.kafka.SecuredKafkaBroker;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.app.runtime.InferenceBindings;
import io.gradstream.app.runtime.StartupException;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.wire.FrameEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gradstream against a TLS-only listener of a real KRaft broker, its certificate self-signed by
 * keytool in the test's directory: ingest with the truststore in kafka.client-properties (its
 * password from the environment) captures an RTSP camera into the frames topic; with a truststore
 * that does not hold the broker's certificate the start fails at once, naming the truststore
 * settings. Needs opencv-doc (vtest.avi) and rtsp-server-perl.
 */
@Tag("e2e")
class KafkaTlsIT {
  private static final String KEYSTORE_PASSWORD = "broker-ks-pw-5521";
  private static final String TRUSTSTORE_PASSWORD = "client-ts-pw-8830";
  private static final String CAMERA = "campus";

  @TempDir static Path dir;
  static SecuredKafkaBroker broker;
  static LoopingRtspServer rtsp;
  static Path truststore;
  static Path impostorTruststore;

  @BeforeAll
  static void startBrokerAndCamera() throws Exception {
    Path keystore = dir.resolve("broker.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        KEYSTORE_PASSWORD,
        "-keypass",
        KEYSTORE_PASSWORD);
    truststore = trusting(keystore, "broker", KEYSTORE_PASSWORD, "trust.p12");
    Path impostor = dir.resolve("impostor.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "impostor",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        impostor.toString(),
        "-storepass",
        KEYSTORE_PASSWORD,
        "-keypass",
        KEYSTORE_PASSWORD);
    impostorTruststore = trusting(impostor, "impostor", KEYSTORE_PASSWORD, "impostor-trust.p12");
    broker =
        SecuredKafkaBroker.tls(
            dir.resolve("kafka"),
            keystore,
            KEYSTORE_PASSWORD,
            SecuredKafkaBroker.tlsSettings(truststore, TRUSTSTORE_PASSWORD));
    rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), CAMERA);
  }

  @AfterAll
  static void stop() {
    if (rtsp != null) rtsp.close();
    if (broker != null) broker.close();
  }

  private static Path trusting(Path keystore, String alias, String password, String name)
      throws Exception {
    Path certificate = dir.resolve(alias + ".crt");
    keytool(
        "-exportcert",
        "-alias",
        alias,
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        certificate.toString());
    Path trust = dir.resolve(name);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trust.toString(),
        "-storepass",
        TRUSTSTORE_PASSWORD);
    return trust;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", args[0], out).isZero();
  }

  private GradstreamConfig config(String run, Path trust) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("gradstream-" + run + ".yaml"),
            """
        roles: [ingest]
        kafka:
          bootstrap-servers: %s
          client-properties:
            security.protocol: SSL
            ssl.truststore.location: %s
            ssl.truststore.type: PKCS12
        http:
          port: 0
        ingest:
          read-timeout-ms: 2000
        cameras:
          - {id: %s, url: "%s", max-fps: 5}
        """
                .formatted(broker.bootstrapServers(), trust, CAMERA, rtsp.url()));
    return new ConfigLoader(
            Map.of(
                "GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SSL_TRUSTSTORE_PASSWORD", TRUSTSTORE_PASSWORD))
        .load(file);
  }

  @Test
  void truststoreWithoutTheBrokersCertificateFailsTheStartNamingTheTruststoreSettings()
      throws Exception {
    GradstreamConfig config = config("impostor", impostorTruststore);

    long started = System.nanoTime();
    StartupException e =
        catchThrowableOfType(
            StartupException.class,
            () -> GradstreamRuntime.start(config, InferenceBindings.real()).close());
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(e).as("start with a truststore that does not trust the broker").isNotNull();
    System.out.println(
        "KafkaTlsIT: untrusted broker refused in " + tookMs + " ms: " + e.getMessage());
    assertThat(tookMs).as("a failed handshake fails the start at once").isLessThan(20_000);
    assertThat(e.getMessage())
        .contains("TLS handshake with Kafka at " + broker.bootstrapServers() + " failed")
        .contains("check kafka.client-properties")
        .contains("ssl.truststore.location")
        .doesNotContain(TRUSTSTORE_PASSWORD);
  }

  @Test
  void withTheBrokersCertificateTrustedIngestWritesTheCamerasFramesOverTls() throws Exception {
    GradstreamConfig config = config("trusted", truststore);

    try (GradstreamRuntime runtime = GradstreamRuntime.start(config, InferenceBindings.real())) {
      assertThat(runtime.kafkaConnection().toString())
          .doesNotContain(TRUSTSTORE_PASSWORD)
          .contains("ssl.truststore.password=***");
      Map<String, Object> settings =
          new HashMap<>(SecuredKafkaBroker.tlsSettings(truststore, TRUSTSTORE_PASSWORD));
      settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      String topic = config.kafka().topics().frames().name();
      int frames = 0;
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (frames < 10 && System.nanoTime() < deadline) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            if (FrameEnvelope.parseFrom(record.value()).getCameraId().equals(CAMERA)) {
              frames++;
            }
          }
        }
      }
      assertThat(frames).as("frames of the camera read back over TLS").isGreaterThanOrEqualTo(10);
    }
  }
}

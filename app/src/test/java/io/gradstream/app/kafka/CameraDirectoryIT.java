package io.gradstream.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.publisher.registry.CameraDirectory;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's camera directory against a real (embedded KRaft) broker: it reads the registry
 * topic from its beginning, so cameras registered before it started are there, and follows later
 * changes.
 */
@Tag("e2e")
class CameraDirectoryIT {
  private static final KafkaConfig KAFKA = KafkaTestClients.defaults();
  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void startBroker() {
    broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedBrokerConfig(dataDir.toString(), 0, 0), KAFKA.maxMessageBytes());
    try (Admin admin = KafkaTestClients.admin(broker)) {
      TopicProvisioner.ensureTopics(admin, KAFKA.topics(), KAFKA.maxMessageBytes());
    }
    producer = KafkaTestClients.producer(broker, KAFKA.maxMessageBytes());
  }

  @AfterAll
  static void stopBroker() {
    if (producer != null) producer.close();
    if (broker != null) broker.close();
  }

  private static void write(String id, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(KAFKA.topics().cameras().name(), id, value)).get();
  }

  private static byte[] registration(String id, String url) {
    return CameraRegistration.newBuilder().setId(id).setUrl(url).build().toByteArray();
  }

  @Test
  void itRestoresEarlierRegistrationsSkipsGarbageAndFollowsChangesAndRemovals() throws Exception {
    write("gate", registration("gate", "rtsp://old/gate"));
    write("gate", registration("gate", "rtsp://new/gate"));
    write("yard", registration("yard", "rtsp://yard/s"));
    write("junk", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

    var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (var deadLetters =
            io.gradstream.common.deadletter.DeadLetterWriter.create(
                KafkaConnection.plaintext(broker.bootstrapServers()),
                KAFKA.topics().deadLetter().name(),
                "test-dead-letters",
                KAFKA.maxMessageBytes(),
                meters);
        CameraDirectory directory =
            CameraDirectory.start(
                KafkaConnection.plaintext(broker.bootstrapServers()),
                KAFKA.topics().cameras().name(),
                deadLetters,
                meters)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(directory.cameras())
                      .extracting(CameraRegistration::getId, CameraRegistration::getUrl)
                      .containsExactly(
                          org.assertj.core.groups.Tuple.tuple("gate", "rtsp://new/gate"),
                          org.assertj.core.groups.Tuple.tuple("yard", "rtsp://yard/s")));

      write("yard", null);
      write("lobby", registration("lobby", "rtsp://lobby/s"));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(directory.cameras())
                      .extracting(CameraRegistration::getId)
                      .containsExactly("gate", "lobby"));
      assertThat(directory.healthy()).isTrue();
    }
  }
}

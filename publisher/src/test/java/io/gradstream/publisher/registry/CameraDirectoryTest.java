package io.gradstream.publisher.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.deadletter.DeadLetterHeaders;
import io.gradstream.common.deadletter.DeadLetterWriter;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.common.wire.FrameEnvelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The registry's record semantics, dead letters included (written through Kafka's own in-memory
 * producer); following a real broker, garbage included, is covered by CameraDirectoryIT and
 * DeadLetterTopicIT in app.
 */
class CameraDirectoryTest {
  private static final String TOPIC = "gradstream.cameras";
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CameraDirectory directory =
      CameraDirectory.detached(
          TOPIC, new DeadLetterWriter(producer, true, "gradstream.dead-letter", meters));

  private static byte[] registration(String id, String url) {
    return CameraRegistration.newBuilder().setId(id).setUrl(url).build().toByteArray();
  }

  private void apply(String key, byte[] value, long offset) {
    directory.apply(new ConsumerRecord<>(TOPIC, 0, offset, key, value));
  }

  @Test
  void theLatestRegistrationOfACameraWins() {
    apply("gate", registration("gate", "rtsp://old/stream"), 0);
    apply("gate", registration("gate", "rtsp://new/stream"), 1);

    assertThat(directory.cameras())
        .extracting(CameraRegistration::getUrl)
        .containsExactly("rtsp://new/stream");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aNullValueRemovesTheCamera() {
    apply("gate", registration("gate", "rtsp://a/s"), 0);
    apply("yard", registration("yard", "rtsp://b/s"), 1);
    apply("gate", null, 2);

    assertThat(directory.cameras()).extracting(CameraRegistration::getId).containsExactly("yard");
    assertThat(directory.get("gate")).isEmpty();
  }

  @Test
  void garbageUnderACamerasKeyLeavesItsRegistrationAndIsDeadLetteredWithTheReason() {
    apply("gate", registration("gate", "rtsp://a/s"), 0);
    apply("gate", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 1);
    apply("gate", new byte[0], 2);
    // Another message type parses as a registration; its id and url are not a camera's.
    apply(
        "gate", FrameEnvelope.newBuilder().setCameraId("gate").setSeq(7).build().toByteArray(), 3);
    apply("gate", registration("yard", "rtsp://b/s"), 4);
    apply(null, registration("x", "rtsp://x/s"), 5);

    assertThat(directory.cameras())
        .extracting(CameraRegistration::getUrl)
        .containsExactly("rtsp://a/s");
    assertThat(producer.history()).hasSize(5);
    assertThat(producer.history())
        .extracting(r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_OFFSET))
        .containsExactly("1", "2", "3", "4", "5");
    ProducerRecord<String, byte[]> first = producer.history().get(0);
    assertThat(first.topic()).isEqualTo("gradstream.dead-letter");
    assertThat(first.key()).isEqualTo("gate");
    assertThat(DeadLetterHeaders.text(first.headers(), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo(TOPIC);
    assertThat(DeadLetterHeaders.text(first.headers(), DeadLetterHeaders.SOURCE_PARTITION))
        .isEqualTo("0");
    assertThat(DeadLetterHeaders.text(first.headers(), DeadLetterHeaders.READER))
        .isEqualTo("camera-directory");
    assertThat(DeadLetterHeaders.text(first.headers(), DeadLetterHeaders.REASON))
        .startsWith("not a CameraRegistration");
    assertThat(
            DeadLetterHeaders.text(producer.history().get(1).headers(), DeadLetterHeaders.REASON))
        .contains("empty");
    assertThat(
            DeadLetterHeaders.text(producer.history().get(2).headers(), DeadLetterHeaders.REASON))
        .contains("camera rules");
    assertThat(
            DeadLetterHeaders.text(producer.history().get(3).headers(), DeadLetterHeaders.REASON))
        .contains("does not match the record key");
    assertThat(
            DeadLetterHeaders.text(producer.history().get(4).headers(), DeadLetterHeaders.REASON))
        .contains("no key");
    assertThat(directory.skipped()).isEqualTo(5);
    assertThat(
            meters
                .get("gradstream.dead.letters")
                .tag("reader", "camera-directory")
                .tag("outcome", "written")
                .counter()
                .count())
        .isEqualTo(5.0);
  }

  @Test
  void itsDeadLetterCountersAreThereAtZeroBeforeAnyGarbage() {
    assertThat(
            meters
                .get("gradstream.dead.letters")
                .tag("reader", "camera-directory")
                .tag("outcome", "written")
                .counter()
                .count())
        .isZero();
    assertThat(
            meters
                .get("gradstream.dead.letters")
                .tag("reader", "camera-directory")
                .tag("outcome", "failed")
                .counter()
                .count())
        .isZero();
  }

  @Test
  void camerasAreListedById() {
    apply("zebra", registration("zebra", "/z.mp4"), 0);
    apply("alpha", registration("alpha", "/a.mp4"), 1);

    assertThat(directory.cameras())
        .extracting(CameraRegistration::getId)
        .containsExactly("alpha", "zebra");
  }
}

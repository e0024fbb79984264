package io.gradstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  /** Nothing listens there; clients connect lazily, so building them needs no broker. */
  private static final KafkaConnection SECURED =
      new KafkaConnection("127.0.0.1:1", Map.of("security.protocol", "SASL_PLAINTEXT"));

  @Test
  void aProducerGetsTheConnectionItsNameItsDeliveryRuleAndThenItsSiteTuning() {
    Map<String, Object> p =
        KafkaClients.producerSettings(
            SECURED, "gradstream-test", Delivery.IDEMPOTENT, Map.of("linger.ms", 0));

    assertThat(p)
        .containsEntry("bootstrap.servers", "127.0.0.1:1")
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("client.id", "gradstream-test")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("linger.ms", 0);
  }

  @Test
  void framesAreAtMostOnceWithoutRetries() {
    Map<String, Object> p =
        KafkaClients.producerSettings(SECURED, "frames", Delivery.AT_MOST_ONCE, Map.of());

    assertThat(p)
        .containsEntry("acks", "1")
        .containsEntry("enable.idempotence", false)
        .containsEntry("retries", 0);
  }

  @Test
  void theSiteTuningWinsOverTheConnectionSoATestCanShortenATimeout() {
    KafkaConnection connection =
        new KafkaConnection("127.0.0.1:1", Map.of("request.timeout.ms", 30_000));

    Map<String, Object> p =
        KafkaClients.consumerSettings(connection, "reader", Map.of("request.timeout.ms", 2_000));

    assertThat(p).containsEntry("request.timeout.ms", 2_000);
  }

  @Test
  void aConsumerNeverCommitsOnATimer() {
    assertThat(KafkaClients.consumerSettings(SECURED, "reader", Map.of("group.id", "g")))
        .containsEntry("enable.auto.commit", false)
        .containsEntry("group.id", "g")
        .containsEntry("security.protocol", "SASL_PLAINTEXT");
  }

  @Test
  void everyDeliveryRuleIsOneKafkaAccepts() {
    // Kafka checks the combination when the client is built: idempotence with acks=1, or with
    // retries 0, is refused there, so a rule that mixed them up would fail here.
    KafkaConnection plain = KafkaConnection.plaintext("127.0.0.1:1");
    for (Delivery delivery : Delivery.values()) {
      try (Producer<String, byte[]> producer =
          KafkaClients.producer(plain, "rule-" + delivery, delivery, Map.of())) {
        assertThat(producer.metrics()).isNotEmpty();
      }
    }
    try (Consumer<String, byte[]> consumer =
            KafkaClients.consumer(plain, "reader", Map.of("group.id", "g"));
        Admin admin = KafkaClients.admin(plain, "admin", Map.of())) {
      assertThat(consumer.metrics()).isNotEmpty();
      assertThat(admin.metrics()).isNotEmpty();
    }
  }

  @Test
  void aTuningThatBreaksTheDeliveryRuleIsRefusedWhenTheClientIsBuilt() {
    // The check the test above relies on: Kafka refuses idempotence with acks=1.
    assertThatThrownBy(
            () ->
                KafkaClients.producer(
                        KafkaConnection.plaintext("127.0.0.1:1"),
                        "broken",
                        Delivery.IDEMPOTENT,
                        Map.of("acks", "1"))
                    .close())
        .isInstanceOf(KafkaException.class);
  }
}

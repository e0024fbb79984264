package io.gradstream.common.kafka;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place gradstream's Kafka producers, consumers and admin clients are made. Every client
 * gets, in this order: the connection (bootstrap servers and {@code kafka.client-properties}, so
 * none can leave the security settings out), its name, its delivery rule, and then the tuning of
 * its site (timeouts, sizes, group), which wins. The configuration validator refuses client
 * properties that gradstream sets itself ({@code KafkaClientProperties}), so in a running service
 * the layers never overlap; a test may still shorten a site's timeouts through its tuning.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /** A producer of binary records (frames, detections, dead letters, registrations). */
  public static Producer<String, byte[]> producer(
      KafkaConnection connection, String clientId, Delivery delivery, Map<String, Object> tuning) {
    return new KafkaProducer<>(
        producerSettings(connection, clientId, delivery, tuning),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** A producer of text records (JSON alerts). */
  public static Producer<String, String> textProducer(
      KafkaConnection connection, String clientId, Delivery delivery, Map<String, Object> tuning) {
    return new KafkaProducer<>(
        producerSettings(connection, clientId, delivery, tuning),
        new StringSerializer(),
        new StringSerializer());
  }

  /**
   * A consumer of binary records that never commits on a timer: gradstream commits an offset only
   * once the record's work is written (or, outside a group, not at all). Its group, if any, comes
   * with the tuning ({@code group.id}).
   */
  public static Consumer<String, byte[]> consumer(
      KafkaConnection connection, String clientId, Map<String, Object> tuning) {
    return new KafkaConsumer<>(
        consumerSettings(connection, clientId, tuning),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /** An admin client (topics, cluster checks). */
  public static Admin admin(
      KafkaConnection connection, String clientId, Map<String, Object> tuning) {
    return Admin.create(settings(connection, clientId, Map.of(), tuning));
  }

  /** The settings {@link #producer} uses, in their order of precedence. */
  static Map<String, Object> producerSettings(
      KafkaConnection connection, String clientId, Delivery delivery, Map<String, Object> tuning) {
    return settings(connection, clientId, delivery.settings(), tuning);
  }

  /** The settings {@link #consumer} uses, in their order of precedence. */
  static Map<String, Object> consumerSettings(
      KafkaConnection connection, String clientId, Map<String, Object> tuning) {
    return settings(
        connection, clientId, Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), tuning);
  }

  private static Map<String, Object> settings(
      KafkaConnection connection,
      String clientId,
      Map<String, Object> rule,
      Map<String, Object> tuning) {
    Map<String, Object> p = connection.properties();
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    p.putAll(rule);
    p.putAll(tuning);
    return p;
  }
}

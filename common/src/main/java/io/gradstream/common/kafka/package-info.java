/**
 * gradstream's Kafka clients: how they connect ({@link io.gradstream.common.kafka.KafkaConnection}:
 * the bootstrap address with the security settings of {@code kafka.client-properties}), how they
 * are made ({@link io.gradstream.common.kafka.KafkaClients}, the only place that constructs one)
 * and the delivery rules producers follow ({@link io.gradstream.common.kafka.Delivery}).
 */
package io.gradstream.common.kafka;

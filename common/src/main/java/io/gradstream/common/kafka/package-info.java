/**
 * How this process's Kafka clients connect: the bootstrap address with the security settings of
 * {@code kafka.client-properties}.
 */
package io.gradstream.common.kafka;

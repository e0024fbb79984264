package io.gradstream.app.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** What the end-to-end tests do to and ask of a role's consumer group. */
final class ConsumerGroups {
  private ConsumerGroups() {}

  /** Sets {@code group}'s offsets on every partition of {@code topic} to 0, before it starts. */
  static void startAtBeginning(Admin admin, String group, String topic) throws Exception {
    admin
        .alterConsumerGroupOffsets(
            group,
            partitions(admin, topic).stream()
                .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0))))
        .all()
        .get();
  }

  /**
   * Sets {@code group}'s offsets on every partition of {@code topic} to its end, before it starts.
   */
  static void startAtEnd(Admin admin, String group, String topic) throws Exception {
    admin
        .alterConsumerGroupOffsets(
            group,
            ends(admin, topic).entrySet().stream()
                .collect(
                    Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))))
        .all()
        .get();
  }

  /** The end offset of each partition of {@code topic}. */
  static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
    return admin
        .listOffsets(
            partitions(admin, topic).stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
        .all()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /** The records {@code topic} holds in all, end offsets summed. */
  static long endOffset(Admin admin, String topic) throws Exception {
    return ends(admin, topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Waits until {@code topic} has stopped growing (the same end offsets 5 s in a row) and {@code
   * group}'s committed offsets have reached its end: every record handled. False when that did not
   * happen within {@code bound}.
   */
  static boolean awaitDrained(String bootstrap, String group, String topic, Duration bound)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    long lastEnd = -1;
    int steady = 0;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (System.nanoTime() < deadline) {
        long end = endOffset(admin, topic);
        long committed =
            committed(admin, group, topic).values().stream().mapToLong(Long::longValue).sum();
        steady = end == lastEnd ? steady + 1 : 0;
        lastEnd = end;
        if (steady >= 5 && committed >= end) {
          return true;
        }
        Thread.sleep(1_000);
      }
    }
    return false;
  }

  /** {@code group}'s committed offsets on {@code topic}'s partitions that have one. */
  static Map<TopicPartition, Long> committed(Admin admin, String group, String topic)
      throws Exception {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /**
   * The partitions of {@code topic}, once the broker the admin asks knows it: in a cluster, a topic
   * just created reaches the other brokers' metadata a moment later.
   */
  private static List<TopicPartition> partitions(Admin admin, String topic) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
        .until(
            () ->
                admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList(),
            p -> !p.isEmpty());
  }
}

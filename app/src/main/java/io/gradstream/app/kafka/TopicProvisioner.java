package io.gradstream.app.kafka;

import io.gradstream.common.config.TopicConfig;
import io.gradstream.common.config.TopicsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates gradstream's topics when they are missing. Existing topics are never changed: altering
 * partitions re-hashes keys and altering retention may delete data, both operator decisions.
 */
public final class TopicProvisioner {
  /** Replication factor on a cluster of at least this many brokers; fewer brokers get one each. */
  static final int MAX_REPLICATION_FACTOR = 3;

  /** Bound on each admin round trip, so a dead cluster fails start instead of hanging it. */
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long a topic that exists may stay invisible to describeTopics before its check is skipped.
   */
  static final Duration METADATA_PROPAGATION = Duration.ofSeconds(5);

  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
  private static final String RETENTION_MS =
      org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG;
  private static final String CLEANUP_POLICY =
      org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG;
  private static final String MAX_MESSAGE_BYTES =
      org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG;
  private static final String MIN_INSYNC_REPLICAS =
      org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG;
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  /**
   * Creates each configured topic that does not exist yet, with its partitions, {@code
   * retention.ms} and {@code cleanup.policy}; the frames topic also gets {@code max.message.bytes}.
   * On a cluster of three brokers or more, topics get replication factor 3 and {@code
   * min.insync.replicas} 2, so that a write acknowledged by all in-sync replicas (detections,
   * alerts) is on two brokers and survives losing one, and writes go on while one is down. Safe to
   * run again and from several processes at once. A topic with fewer partitions than configured is
   * left alone and logged as a warning.
   *
   * @param admin admin client of the target cluster
   * @param topics the topics to ensure
   * @param maxMessageBytes {@code max.message.bytes} of the frames topic
   * @throws KafkaException when the cluster cannot be reached or refuses a topic
   */
  public static void ensureTopics(Admin admin, TopicsConfig topics, int maxMessageBytes) {
    Map<String, Wanted> wanted = wanted(topics);
    int brokers = await(admin.describeCluster().nodes(), "describe the cluster").size();
    short replication = (short) Math.max(1, Math.min(MAX_REPLICATION_FACTOR, brokers));
    Set<String> existing = await(admin.listTopics().names(), "list topics");

    List<NewTopic> missing = new ArrayList<>();
    List<String> present = new ArrayList<>();
    for (Wanted w : wanted.values()) {
      if (existing.contains(w.topic.name())) {
        present.add(w.topic.name());
      } else {
        missing.add(newTopic(w, replication, topics.frames().name(), maxMessageBytes));
      }
    }
    if (!missing.isEmpty()) {
      Map<String, KafkaFuture<Void>> created = admin.createTopics(missing).values();
      for (NewTopic topic : missing) {
        try {
          await(created.get(topic.name()), "create topic " + topic.name());
          log.info(
              "created topic {} with {} partitions, replication factor {}, {}",
              topic.name(),
              topic.numPartitions(),
              topic.replicationFactor(),
              topic.configs());
        } catch (KafkaException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          // Another gradstream process created it between our listing and our create: that is fine.
          present.add(topic.name());
        }
      }
    }
    warnAboutFewerPartitions(admin, present, wanted);
  }

  /**
   * Topics by name, each with the config key it came from (for messages an operator can act on).
   */
  private static Map<String, Wanted> wanted(TopicsConfig topics) {
    Map<String, TopicConfig> byKey = new LinkedHashMap<>();
    byKey.put("frames", topics.frames());
    byKey.put("detections", topics.detections());
    byKey.put("alerts", topics.alerts());
    byKey.put("cameras", topics.cameras());
    byKey.put("dead-letter", topics.deadLetter());
    Map<String, Wanted> byName = new LinkedHashMap<>();
    byKey.forEach(
        (key, topic) -> byName.putIfAbsent(topic.name(), new Wanted("kafka.topics." + key, topic)));
    return byName;
  }

  private static NewTopic newTopic(
      Wanted w, short replication, String framesTopic, int maxMessageBytes) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(RETENTION_MS, Long.toString(w.topic.retentionMs()));
    configs.put(CLEANUP_POLICY, w.topic.cleanupPolicy());
    if (replication >= MAX_REPLICATION_FACTOR) {
      configs.put(MIN_INSYNC_REPLICAS, Integer.toString(replication - 1));
    }
    if (w.topic.name().equals(framesTopic)) {
      // Frames are whole JPEGs; Kafka's 1 MB default would reject a large one at the broker.
      configs.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
    }
    return new NewTopic(w.topic.name(), w.topic.partitions(), replication).configs(configs);
  }

  private static void warnAboutFewerPartitions(
      Admin admin, List<String> names, Map<String, Wanted> wanted) {
    for (TopicDescription d : describe(admin, names).values()) {
      Wanted w = wanted.get(d.name());
      int actual = d.partitions().size();
      if (actual < w.topic.partitions()) {
        log.warn(
            "topic {} has {} partitions, fewer than the {} configured at {}.partitions, so at most {} consumers"
                + " share its load; fix: kafka-topics.sh --alter --topic {} --partitions {} (keys then map to new"
                + " partitions) or lower {}.partitions",
            d.name(),
            actual,
            w.topic.partitions(),
            w.key,
            actual,
            d.name(),
            w.topic.partitions(),
            w.key);
      }
    }
  }

  /**
   * Describes topics that exist. A topic that another process has just created may not be on the
   * broker answering yet (metadata propagates asynchronously from the KRaft controller), so unknown
   * topics are asked for again for a short while; the partition check is advice, so one that stays
   * unknown is skipped rather than failing the start.
   */
  private static Map<String, TopicDescription> describe(Admin admin, List<String> names) {
    Map<String, TopicDescription> found = new LinkedHashMap<>();
    List<String> pending = names;
    long deadline = System.nanoTime() + METADATA_PROPAGATION.toNanos();
    while (!pending.isEmpty()) {
      Map<String, KafkaFuture<TopicDescription>> futures =
          admin.describeTopics(pending).topicNameValues();
      List<String> unknown = new ArrayList<>();
      for (String name : pending) {
        try {
          found.put(name, await(futures.get(name), "describe topic " + name));
        } catch (KafkaException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw e;
          }
          unknown.add(name);
        }
      }
      if (!unknown.isEmpty() && System.nanoTime() > deadline) {
        log.debug("topics {} not yet visible to describe; partition counts not checked", unknown);
        break;
      }
      pending = unknown;
      if (!pending.isEmpty()) {
        pause(RETRY_PAUSE);
      }
    }
    return found;
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while waiting for topic metadata", e);
    }
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException(
          "could not " + what + " within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while trying to " + what, e);
    }
  }

  private record Wanted(String key, TopicConfig topic) {}
}

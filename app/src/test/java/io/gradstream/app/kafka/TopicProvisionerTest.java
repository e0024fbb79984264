package io.gradstream.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.TopicConfig;
import io.gradstream.common.config.TopicsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One broker for all tests; each test uses its own topic names so they do not see each other. */
class TopicProvisionerTest {
  @TempDir static Path dataDir;
  private static EmbeddedKafkaBroker broker;
  private static Admin admin;
  private static final KafkaConfig KAFKA = KafkaTestClients.defaults();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger provisionerLog = (Logger) LoggerFactory.getLogger(TopicProvisioner.class);

  @BeforeAll
  static void startBroker() {
    broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedBrokerConfig(dataDir.toString(), 0, 0), KAFKA.maxMessageBytes());
    admin = KafkaTestClients.admin(broker);
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    provisionerLog.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    provisionerLog.detachAppender(logs);
  }

  @Test
  void createsTopicsAsConfiguredAndASecondRunChangesNothing() throws Exception {
    TopicsConfig topics = KAFKA.topics();
    int max = KAFKA.maxMessageBytes();

    TopicProvisioner.ensureTopics(admin, topics, max);
    assertThat(created()).hasSize(5);
    logs.list.clear();
    TopicProvisioner.ensureTopics(admin, topics, max);
    assertThat(created()).as("second run creates nothing").isEmpty();
    assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.WARN);

    Map<String, TopicDescription> described =
        admin.describeTopics(names(topics)).allTopicNames().get();
    for (TopicConfig t : topics.all()) {
      TopicDescription d = described.get(t.name());
      assertThat(d.partitions()).as(t.name()).hasSize(t.partitions());
      assertThat(d.partitions().get(0).replicas()).as("one broker, one replica").hasSize(1);
      Config config = topicConfig(t.name());
      assertThat(config.get("retention.ms").value())
          .as(t.name())
          .isEqualTo(Long.toString(t.retentionMs()));
      assertThat(config.get("cleanup.policy").value()).as(t.name()).isEqualTo(t.cleanupPolicy());
    }
    assertThat(topicConfig(topics.cameras().name()).get("cleanup.policy").value())
        .isEqualTo("compact");
    assertThat(topicConfig(topics.frames().name()).get("max.message.bytes").value())
        .isEqualTo(Integer.toString(max));
    assertThat(topicConfig(topics.frames().name()).get("retention.ms").value()).isEqualTo("600000");
    // Only frames carry the limit on the topic itself; the others inherit the broker's.
    assertThat(topicConfig(topics.detections().name()).get("max.message.bytes").source())
        .isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }

  @Test
  void existingTopicWithFewerPartitionsIsLeftAloneAndWarnedAbout() throws Exception {
    TopicsConfig topics = renamed(KAFKA.topics(), "fewer.");
    String detections = topics.detections().name();
    admin.createTopics(List.of(new NewTopic(detections, 2, (short) 1))).all().get();

    TopicProvisioner.ensureTopics(admin, topics, KAFKA.maxMessageBytes());

    assertThat(
            admin
                .describeTopics(List.of(detections))
                .allTopicNames()
                .get()
                .get(detections)
                .partitions())
        .hasSize(2);
    assertThat(created()).hasSize(4);
    List<String> warnings =
        logs.list.stream()
            .filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(
            detections,
            "2 partitions",
            "6 configured",
            "kafka.topics.detections.partitions",
            "--partitions 6");
  }

  @Test
  void concurrentRunsBothSucceed() throws Exception {
    TopicsConfig topics = renamed(KAFKA.topics(), "race.");
    CompletableFuture<Void> a =
        CompletableFuture.runAsync(
            () -> TopicProvisioner.ensureTopics(admin, topics, KAFKA.maxMessageBytes()));
    CompletableFuture<Void> b =
        CompletableFuture.runAsync(
            () -> TopicProvisioner.ensureTopics(admin, topics, KAFKA.maxMessageBytes()));
    CompletableFuture.allOf(a, b).get();

    assertThat(admin.listTopics().names().get()).containsAll(names(topics));
    assertThat(created()).as("each topic is created once").hasSize(5);
  }

  private List<String> created() {
    return logs.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith("created topic"))
        .toList();
  }

  private static Config topicConfig(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }

  private static List<String> names(TopicsConfig topics) {
    return topics.all().stream().map(TopicConfig::name).toList();
  }

  private static TopicsConfig renamed(TopicsConfig t, String prefix) {
    Function<TopicConfig, TopicConfig> r =
        c -> new TopicConfig(prefix + c.name(), c.partitions(), c.retentionMs(), c.cleanupPolicy());
    return new TopicsConfig(
        r.apply(t.frames()),
        r.apply(t.detections()),
        r.apply(t.alerts()),
        r.apply(t.cameras()),
        r.apply(t.deadLetter()));
  }
}

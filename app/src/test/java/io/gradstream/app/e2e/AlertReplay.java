package io.gradstream.app.e2e;

import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.publisher.alert.AlertEngine;
import io.gradstream.publisher.alert.AlertEvent;
import io.gradstream.publisher.alert.snapshot.SnapshotStore;
import io.gradstream.publisher.alert.webhook.WebhookDispatcher;
import io.gradstream.publisher.render.RenderOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The alerts the soak should have delivered, computed apart from the live publisher: the whole
 * detections topic, read after the run in each partition's order (one camera is one partition, so
 * each camera's frames in the order the publisher read them), through a fresh {@link AlertEngine}
 * with the same rules, no webhooks and an in-memory sink. Alert ids are deterministic and the rules
 * run on capture time, so a publisher that lost nothing and invented nothing has delivered exactly
 * these ids, whatever faults it went through.
 */
final class AlertReplay {
  /**
   * What the replay found: the alert ids, the detections records read and the distinct (camera,
   * seq) among them.
   */
  record Result(Set<String> ids, long records, long distinctFrames) {}

  private AlertReplay() {}

  static Result replay(
      String bootstrapServers, String detectionsTopic, AlertsConfig rules, Path scratch)
      throws Exception {
    Set<String> ids = new HashSet<>();
    Set<String> frames = new HashSet<>();
    long records = 0;
    AlertsConfig quiet =
        new AlertsConfig(
            rules.cooldownMs(),
            rules.trackIdleMs(),
            scratch.toString(),
            rules.lowConfidence(),
            rules.wrongReasons(),
            rules.classFlip(),
            rules.webhookRetry(),
            List.of());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    WebhookDispatcher noWebhooks =
        new WebhookDispatcher(List.of(), rules.webhookRetry(), rules.webhookTargets(), meters);
    try (AlertEngine engine =
            new AlertEngine(
                quiet,
                RenderOptions.defaults(),
                events -> events.stream().map(AlertEvent::id).forEach(ids::add),
                new SnapshotStore(scratch),
                noWebhooks,
                meters,
                List.of(noWebhooks));
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                    16 * 1024 * 1024),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(detectionsTopic).stream()
              .map(p -> new TopicPartition(detectionsTopic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!AlertsTopic.reachedEnd(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "could not read " + detectionsTopic + " to its end " + ends + " within 120 s");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
            continue; // written after the run ended; the live publisher's count stopped there too
          }
          ExplainedFrame frame = ExplainedFrame.parseFrom(record.value());
          frames.add(frame.getCameraId() + "/" + frame.getIngestSession() + "/" + frame.getSeq());
          records++;
          // No frame: snapshots are not what is compared, and their failure never changes an
          // alert's id.
          engine.onDetections(frame, Optional.empty());
        }
      }
    }
    return new Result(Set.copyOf(ids), records, frames.size());
  }
}

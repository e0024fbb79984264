package io.gradstream.inference.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The poll loop's meters, against Kafka's MockConsumer: records counted by key, the lag summed over
 * partitions.
 */
class FrameConsumerLoopTest {
  private static final String TOPIC = "gradstream.frames";

  @Test
  void theLoopCountsEachRecordByKeyAndReportsTheLagSummedOverItsPartitions() throws Exception {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    TopicPartition p1 = new TopicPartition(TOPIC, 1);
    List<String> keys = new CopyOnWriteArrayList<>();
    AtomicLong lag = new AtomicLong(-1);
    List<Long> hops = new CopyOnWriteArrayList<>();
    ConsumerMeters meters =
        new ConsumerMeters() {
          @Override
          public void frameIn(String key) {
            keys.add(key);
          }

          @Override
          public void lag(long records) {
            lag.set(records);
          }

          @Override
          public void kafkaHop(long micros) {
            hops.add(micros);
          }
        };
    List<InboundFrame> handedOff = new CopyOnWriteArrayList<>();
    FrameConsumerLoop loop =
        new FrameConsumerLoop(
            consumer,
            TOPIC,
            handedOff::add,
            meters,
            Duration.ofSeconds(1),
            () -> {},
            new FrameConsumerLoop.Listener() {
              @Override
              public void assignmentChanged(Collection<TopicPartition> held) {}

              @Override
              public void failed(Throwable error) {}
            });
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(p0, p1));
          consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
          // Partition 0 ends at 10 and partition 1 at 5: read from 0 and 2, the worker is 10 + 3
          // behind.
          consumer.updateEndOffsets(Map.of(p0, 10L, p1, 5L));
          consumer.seek(p0, 0);
          consumer.seek(p1, 2);
        });
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "gate", new byte[] {1}));
          consumer.addRecord(new ConsumerRecord<>(TOPIC, 1, 2, null, new byte[] {1}));
          // Produced (CreateTime) a minute ago: its hop is at least that.
          consumer.addRecord(
              new ConsumerRecord<>(
                  TOPIC,
                  0,
                  1,
                  System.currentTimeMillis() - 60_000,
                  TimestampType.CREATE_TIME,
                  4,
                  1,
                  "gate",
                  new byte[] {1},
                  new RecordHeaders(),
                  Optional.empty()));
        });
    Thread thread = new Thread(loop, "test-poll");
    thread.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> keys.size() == 3);
      assertThat(keys).containsExactlyInAnyOrder("gate", null, "gate");
      // After reading offsets 0-1 of p0 and offset 2 of p1: 8 + 2 records behind.
      await().atMost(Duration.ofSeconds(10)).until(() -> lag.get() == 10);
      assertThat(hops)
          .as("only the record with a CreateTime has a hop")
          .singleElement()
          .satisfies(h -> assertThat(h).isGreaterThanOrEqualTo(60_000_000L));
      assertThat(handedOff)
          .extracting(InboundFrame::kafkaMicros)
          .filteredOn(h -> h != -1)
          .containsExactly(hops.get(0));
    } finally {
      loop.stop();
      assertThat(loop.awaitStopped(Duration.ofSeconds(10))).isTrue();
    }
  }
}

package io.gradstream.inference.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {
  private final TopicPartition p0 = new TopicPartition("frames", 0);

  @Test
  void committableIsTheFirstOffsetNotDoneSoNothingUnwrittenIsSkipped() {
    PartitionLedger ledger = new PartitionLedger(p0);
    assertThat(ledger.committable()).isEmpty();
    for (long offset = 10; offset <= 14; offset++) {
      ledger.received(offset);
    }
    assertThat(ledger.committable()).hasValue(10);
    ledger.done(12);
    ledger.done(11);
    assertThat(ledger.committable()).as("10 is not written yet").hasValue(10);
    ledger.done(10);
    assertThat(ledger.committable()).hasValue(13);
    ledger.done(14);
    ledger.done(13);
    assertThat(ledger.committable()).as("all done: one past the last").hasValue(15);
  }

  @Test
  void gapsInOffsetsDoNotHoldTheCommitBack() {
    PartitionLedger ledger = new PartitionLedger(p0);
    ledger.received(3);
    ledger.received(7); // 4-6 were compacted away or transaction markers
    ledger.done(3);
    assertThat(ledger.committable()).hasValue(7);
    ledger.done(7);
    assertThat(ledger.committable()).hasValue(8);
  }

  @Test
  void aRevokedLedgerIgnoresLateCompletions() {
    PartitionLedger ledger = new PartitionLedger(p0);
    ledger.received(0);
    ledger.revoke();
    ledger.done(0);
    assertThat(ledger.revoked()).isTrue();
    assertThat(ledger.committable()).hasValue(0);
  }

  @Test
  void offsetLedgerCommitsOnlyWhatMovedAndForgetsRevokedPartitions() {
    TopicPartition p1 = new TopicPartition("frames", 1);
    OffsetLedger ledger = new OffsetLedger();
    ledger.assigned(List.of(p0, p1));
    ledger.ledger(p0).received(0);
    ledger.ledger(p0).received(1);
    ledger.ledger(p1).received(5);
    ledger.ledger(p0).done(0);

    var first = ledger.toCommit();
    assertThat(first)
        .containsOnly(
            java.util.Map.entry(p0, new OffsetAndMetadata(1)),
            java.util.Map.entry(p1, new OffsetAndMetadata(5)));
    ledger.committed(first);
    assertThat(ledger.toCommit()).as("nothing moved").isEmpty();
    ledger.ledger(p0).done(1);
    assertThat(ledger.toCommit()).containsOnlyKeys(p0);

    PartitionLedger old = ledger.ledger(p1);
    ledger.revoked(List.of(p1));
    assertThat(old.revoked()).isTrue();
    assertThat(ledger.held()).containsExactly(p0);
    ledger.assigned(List.of(p1));
    assertThat(ledger.ledger(p1)).as("a new assignment gets a fresh ledger").isNotSameAs(old);
    assertThat(ledger.toCommit(List.of(p1))).isEmpty();
  }
}

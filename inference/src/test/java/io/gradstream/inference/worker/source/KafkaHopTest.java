package io.gradstream.inference.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaHopTest {

  @Test
  void theHopRunsFromTheRecordsCreateTimeInWholeMillisecondsToThePollInMicroseconds() {
    assertThat(
            KafkaHop.micros(TimestampType.CREATE_TIME, 1_700_000_000_123L, 1_700_000_000_125_400L))
        .isEqualTo(2_400);
  }

  @Test
  void aBrokerAppendTimeOrAMissingTimestampIsNoHopAtAll() {
    assertThat(
            KafkaHop.micros(
                TimestampType.LOG_APPEND_TIME, 1_700_000_000_123L, 1_700_000_000_125_400L))
        .isEqualTo(-1);
    assertThat(KafkaHop.micros(TimestampType.NO_TIMESTAMP_TYPE, -1, 1_700_000_000_125_400L))
        .isEqualTo(-1);
  }

  @Test
  void aProducerClockAheadOfTheWorkersReadsZeroNotANegativeHop() {
    assertThat(
            KafkaHop.micros(TimestampType.CREATE_TIME, 1_700_000_000_130L, 1_700_000_000_125_400L))
        .isZero();
  }
}

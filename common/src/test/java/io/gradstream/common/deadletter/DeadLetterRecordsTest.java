package io.gradstream.common.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {
  @Test
  void aDeadLetterCarriesTheOriginalAndSaysWhyWhereFromAndWhoGaveUp() {
    byte[] value = {1, 2, 3};

    ProducerRecord<String, byte[]> letter =
        DeadLetterRecords.of(
            "dead",
            "frames",
            4,
            1234L,
            "cam-1",
            value,
            "not a JPEG",
            DeadLetterHeaders.WORKER,
            "w1");

    assertThat(letter.topic()).isEqualTo("dead");
    assertThat(letter.partition()).as("the dead-letter topic's partitioner decides").isNull();
    assertThat(letter.key()).isEqualTo("cam-1");
    assertThat(letter.value()).isSameAs(value);
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.REASON))
        .isEqualTo("not a JPEG");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo("frames");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION))
        .isEqualTo("4");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo("1234");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.WORKER)).isEqualTo("w1");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.READER)).isNull();
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.VALUE_DROPPED)).isNull();
  }

  @Test
  void withoutValueDropsTheBytesCutsALongKeyAndKeepsWhyAndWhereFrom() {
    String longKey = "k".repeat(DeadLetterRecords.MAX_KEPT_KEY_CHARS + 500);
    ProducerRecord<String, byte[]> letter =
        DeadLetterRecords.of(
            "dead",
            "detections",
            0,
            7L,
            longKey,
            new byte[100],
            "garbage",
            DeadLetterHeaders.READER,
            "publisher-detections");

    ProducerRecord<String, byte[]> small =
        DeadLetterRecords.withoutValue(letter, new RecordTooLargeException("over 1 MB"));

    assertThat(small.topic()).isEqualTo("dead");
    assertThat(small.value()).isNull();
    assertThat(small.key()).hasSize(DeadLetterRecords.MAX_KEPT_KEY_CHARS);
    assertThat(DeadLetterHeaders.text(small.headers(), DeadLetterHeaders.VALUE_DROPPED))
        .contains("over 1 MB");
    assertThat(DeadLetterHeaders.text(small.headers(), DeadLetterHeaders.REASON))
        .isEqualTo("garbage");
    assertThat(DeadLetterHeaders.text(small.headers(), DeadLetterHeaders.READER))
        .isEqualTo("publisher-detections");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.VALUE_DROPPED))
        .as("the original letter is left as it was")
        .isNull();
  }
}

package io.gradstream.common.deadletter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one shape of a dead-letter record, whoever writes it (the inference worker through its result
 * sink, every other reader through {@link DeadLetterWriter}): the original key and value with
 * {@link DeadLetterHeaders} saying why and where from, and, when the dead-letter topic refuses that
 * as too large, the same without the value.
 */
public final class DeadLetterRecords {
  /** The longest key kept when the value is dropped (a key can be as large as the value). */
  public static final int MAX_KEPT_KEY_CHARS = 1_024;

  private DeadLetterRecords() {}

  /**
   * The dead letter of the record read at {@code sourceTopic}/{@code partition}/{@code offset}.
   *
   * @param byHeader {@link DeadLetterHeaders#WORKER} or {@link DeadLetterHeaders#READER}
   * @param by the worker id or reader name that gave up on it
   */
  public static ProducerRecord<String, byte[]> of(
      String deadLetterTopic,
      String sourceTopic,
      int partition,
      long offset,
      String key,
      byte[] value,
      String reason,
      String byHeader,
      String by) {
    Headers headers = DeadLetterHeaders.of(reason, sourceTopic, partition, offset);
    DeadLetterHeaders.add(headers, byHeader, by);
    return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
  }

  /**
   * {@code letter} without its value, its key cut to {@value #MAX_KEPT_KEY_CHARS} characters and
   * marked {@link DeadLetterHeaders#VALUE_DROPPED}: the reason and the source position matter more
   * than the bytes, which stay in the source topic until its retention ends.
   */
  public static ProducerRecord<String, byte[]> withoutValue(
      ProducerRecord<String, byte[]> letter, Throwable tooLarge) {
    Headers headers =
        new RecordHeaders(letter.headers().toArray()); // a sent record's headers are read-only
    DeadLetterHeaders.add(
        headers,
        DeadLetterHeaders.VALUE_DROPPED,
        "larger than the dead-letter topic accepts: " + tooLarge.getMessage());
    String key = letter.key();
    if (key != null && key.length() > MAX_KEPT_KEY_CHARS) {
      key = key.substring(0, MAX_KEPT_KEY_CHARS);
    }
    return new ProducerRecord<>(letter.topic(), null, key, null, headers);
  }
}

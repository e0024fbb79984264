package io.gradstream.common.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of a dead-letter record: why it is there and where it came from, so an operator can find
 * the original and a tool can replay it. Values are UTF-8 text. Every gradstream reader writes the
 * same headers; the inference worker adds {@link #WORKER}, the other readers {@link #READER}.
 */
public final class DeadLetterHeaders {
  /** Why the record could not be processed, in a sentence. */
  public static final String REASON = "gradstream.dead-letter.reason";

  /** Topic the record was read from. */
  public static final String SOURCE_TOPIC = "gradstream.source.topic";

  /** Partition the record was read from. */
  public static final String SOURCE_PARTITION = "gradstream.source.partition";

  /** Offset the record was read from. */
  public static final String SOURCE_OFFSET = "gradstream.source.offset";

  /** The inference worker that gave up on it. */
  public static final String WORKER = "gradstream.worker";

  /**
   * The reader (other than an inference worker) that gave up on it, e.g. {@code
   * publisher-detections}.
   */
  public static final String READER = "gradstream.reader";

  /**
   * Present when the original value (and a long key) was left out because the dead-letter topic
   * would not take it.
   */
  public static final String VALUE_DROPPED = "gradstream.dead-letter.value-dropped";

  private DeadLetterHeaders() {}

  /** The headers for a record read from {@code topic}/{@code partition} at {@code offset}. */
  public static Headers of(String reason, String topic, int partition, long offset) {
    Headers headers = new RecordHeaders();
    add(headers, REASON, reason);
    add(headers, SOURCE_TOPIC, topic);
    add(headers, SOURCE_PARTITION, Integer.toString(partition));
    add(headers, SOURCE_OFFSET, Long.toString(offset));
    return headers;
  }

  /** Adds one text header. */
  public static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The text of header {@code key}, or null when absent. */
  public static String text(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}

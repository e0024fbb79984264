package io.gradstream.inference.worker.sink;

import io.gradstream.inference.worker.source.InboundFrame;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of a dead-letter record: why it is there and where it came from, so an operator can find
 * the original and a tool can replay it. Values are UTF-8 text. The names are every reader's
 * ({@link io.gradstream.common.deadletter.DeadLetterHeaders}); the worker adds its id.
 */
public final class DeadLetterHeaders {
  /** Why the record could not be processed, in a sentence. */
  public static final String REASON = io.gradstream.common.deadletter.DeadLetterHeaders.REASON;

  /** Topic, partition and offset the record was read from. */
  public static final String SOURCE_TOPIC =
      io.gradstream.common.deadletter.DeadLetterHeaders.SOURCE_TOPIC;

  public static final String SOURCE_PARTITION =
      io.gradstream.common.deadletter.DeadLetterHeaders.SOURCE_PARTITION;
  public static final String SOURCE_OFFSET =
      io.gradstream.common.deadletter.DeadLetterHeaders.SOURCE_OFFSET;

  /** The worker that gave up on it. */
  public static final String WORKER = io.gradstream.common.deadletter.DeadLetterHeaders.WORKER;

  /**
   * Present when the original value was left out because it exceeded the dead-letter topic's size
   * limit.
   */
  public static final String VALUE_DROPPED =
      io.gradstream.common.deadletter.DeadLetterHeaders.VALUE_DROPPED;

  private DeadLetterHeaders() {}

  static Headers of(InboundFrame record, String reason, String workerId) {
    Headers headers = new RecordHeaders();
    add(headers, REASON, reason);
    add(headers, SOURCE_TOPIC, record.ledger().partition().topic());
    add(headers, SOURCE_PARTITION, Integer.toString(record.ledger().partition().partition()));
    add(headers, SOURCE_OFFSET, Long.toString(record.offset()));
    add(headers, WORKER, workerId);
    return headers;
  }

  static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}

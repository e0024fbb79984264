package io.gradstream.publisher.alert.kafka;

import io.gradstream.publisher.alert.AlertEvent;
import java.util.List;

/** Where alerts are durably written before their frame counts as handled. */
@FunctionalInterface
public interface AlertSink {
  /** Returns once every event is durably written; throws when any is not (the caller retries). */
  void write(List<AlertEvent> events) throws Exception;
}

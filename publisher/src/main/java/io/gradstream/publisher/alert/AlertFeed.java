package io.gradstream.publisher.alert;

import java.util.List;
import java.util.function.Consumer;

/** Alerts as they are raised, for the viewer: the latest few, and a live subscription. */
public interface AlertFeed {
  /** Up to {@code max} of the most recent alerts, newest first. */
  List<AlertEvent> recent(int max);

  /**
   * Calls {@code listener} with every alert raised from now on, once it is written to Kafka, on the
   * engine's thread: the listener must return quickly and not block. Closing the handle
   * unsubscribes.
   */
  AutoCloseable subscribe(Consumer<AlertEvent> listener);
}

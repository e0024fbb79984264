package io.gradstream.publisher.web;

import java.util.List;
import java.util.function.Consumer;

/**
 * The alerts the viewer shows, as JSON objects in strings, so the viewer does not depend on the
 * alert engine's classes. The viewer draws the fields of the alert schema in docs/ALERTS.md ({@code
 * type}, {@code camera_id}, {@code reason}, {@code detection.label}, {@code track_id}, {@code
 * time_unix_micros}, {@code snapshot_url}) and ignores the rest.
 */
public interface AlertStream {

  /** The newest alerts, newest first, at most {@code max}. */
  List<String> recentJson(int max);

  /**
   * Calls {@code listener} with each new alert until the handle is closed. It may be called on any
   * thread and must not block.
   */
  AutoCloseable subscribe(Consumer<String> listener);

  /** A stream with no alerts, for a publisher without the alert engine. */
  static AlertStream none() {
    return new AlertStream() {
      @Override
      public List<String> recentJson(int max) {
        return List.of();
      }

      @Override
      public AutoCloseable subscribe(Consumer<String> listener) {
        return () -> {};
      }
    };
  }
}

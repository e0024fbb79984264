package io.gradstream.publisher.web;

import io.gradstream.publisher.alert.AlertEvent;
import io.gradstream.publisher.alert.AlertFeed;
import java.util.List;
import java.util.function.Consumer;

/**
 * The alert engine's feed as the viewer takes it: each alert as the JSON published to Kafka and the
 * webhooks.
 */
public final class AlertFeedStream implements AlertStream {
  private final AlertFeed feed;

  public AlertFeedStream(AlertFeed feed) {
    this.feed = feed;
  }

  @Override
  public List<String> recentJson(int max) {
    return feed.recent(max).stream().map(AlertEvent::toJson).toList();
  }

  @Override
  public AutoCloseable subscribe(Consumer<String> listener) {
    return feed.subscribe(event -> listener.accept(event.toJson()));
  }
}

package io.gradstream.publisher.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The last {@code capacity} alerts in memory, oldest dropped first. Thread-safe. */
final class RecentAlerts {
  private final int capacity;
  private final ArrayDeque<AlertEvent> events = new ArrayDeque<>();

  RecentAlerts(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(AlertEvent event) {
    events.addLast(event);
    while (events.size() > capacity) {
      events.removeFirst();
    }
  }

  /** Up to {@code max} alerts, newest first. */
  synchronized List<AlertEvent> newest(int max) {
    List<AlertEvent> out = new ArrayList<>(Math.min(Math.max(0, max), events.size()));
    for (Iterator<AlertEvent> it = events.descendingIterator();
        it.hasNext() && out.size() < max; ) {
      out.add(it.next());
    }
    return out;
  }
}

package io.gradstream.publisher.web;

import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Delivers a live stream to one client that may be slower than the stream: at most one item is in
 * flight, and while it is, each newer item replaces the one waiting, so a slow client skips to the
 * newest frame instead of queueing old ones. Memory per client is bounded by two items. A send is
 * over when its future completes, which for Vert.x writes means the bytes left the connection's
 * write queue. Thread-safe: items may be offered from the Kafka reader thread; {@code send} must
 * not block.
 *
 * @param <T> what is sent, e.g. a live frame
 */
public final class LatestWinsSender<T> {

  /** Told what happened to each item. */
  public interface Outcome {
    /** An item was written. */
    void sent();

    /** An item was replaced by a newer one before it could be sent. */
    void skipped();

    /** A send failed (the client went away); the sender stops. */
    void failed(Throwable error);
  }

  private final Function<T, Future<?>> send;
  private final Outcome outcome;
  private T waiting;
  private boolean inFlight;
  private boolean closed;

  /**
   * @param send starts sending one item; its future completes when the item is written
   */
  public LatestWinsSender(Function<T, Future<?>> send, Outcome outcome) {
    this.send = send;
    this.outcome = outcome;
  }

  /**
   * Sends {@code item} now if nothing is in flight, else keeps it as the next one, replacing an
   * older one.
   */
  public void offer(T item) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (inFlight) {
        if (waiting != null) {
          outcome.skipped();
        }
        waiting = item;
        return;
      }
      inFlight = true;
    }
    start(item);
  }

  /** Stops sending; an item waiting is dropped. */
  public void close() {
    synchronized (this) {
      closed = true;
      waiting = null;
    }
  }

  /** Whether an item is in flight (for tests and metrics). */
  public synchronized boolean busy() {
    return inFlight;
  }

  private void start(T item) {
    Future<?> sending;
    try {
      sending = send.apply(item);
    } catch (RuntimeException e) {
      sending = Future.failedFuture(e);
    }
    sending.onComplete(
        result -> {
          if (result.failed()) {
            synchronized (this) {
              closed = true;
              waiting = null;
              inFlight = false;
            }
            outcome.failed(result.cause());
            return;
          }
          outcome.sent();
          T next;
          synchronized (this) {
            next = closed ? null : waiting;
            waiting = null;
            inFlight = next != null;
          }
          if (next != null) {
            start(next);
          }
        });
  }
}

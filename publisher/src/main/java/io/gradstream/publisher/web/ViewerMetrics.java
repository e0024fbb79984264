package io.gradstream.publisher.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the viewer costs and how well it keeps up, per kind of client ({@code websocket} for viewer
 * pages, {@code mjpeg} for MJPEG streams): clients connected, frames sent, and frames skipped
 * because a client was still receiving an older one.
 */
public final class ViewerMetrics {
  /** One kind of client's meters. */
  public static final class Kind implements LatestWinsSender.Outcome {
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter sent;
    private final Counter skipped;

    private Kind(MeterRegistry meters, String kind) {
      Gauge.builder("gradstream.viewer.clients", connected, AtomicInteger::get)
          .tag("kind", kind)
          .description("Viewer clients connected")
          .register(meters);
      sent =
          Counter.builder("gradstream.viewer.frames.sent")
              .tag("kind", kind)
              .description("Frames written to viewer clients")
              .register(meters);
      skipped =
          Counter.builder("gradstream.viewer.frames.skipped")
              .tag("kind", kind)
              .description("Frames a slow viewer client skipped to get the newest")
              .register(meters);
    }

    void connected() {
      connected.incrementAndGet();
    }

    void disconnected() {
      connected.decrementAndGet();
    }

    /** Clients of this kind connected now. */
    public int clients() {
      return connected.get();
    }

    @Override
    public void sent() {
      sent.increment();
    }

    @Override
    public void skipped() {
      skipped.increment();
    }

    @Override
    public void failed(Throwable error) {
      // The client went away; its close handler counts the disconnect.
    }
  }

  private final Kind sockets;
  private final Kind mjpeg;

  public ViewerMetrics(MeterRegistry meters) {
    this.sockets = new Kind(meters, "websocket");
    this.mjpeg = new Kind(meters, "mjpeg");
  }

  /** The viewer pages' WebSockets. */
  public Kind sockets() {
    return sockets;
  }

  /** The MJPEG streams. */
  public Kind mjpeg() {
    return mjpeg;
  }
}

package io.gradstream.publisher.web;

import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.live.LiveFrame;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer page's WebSocket: every new frame of its camera as a {@link FrameMessage}, latest
 * wins. The message is built on a worker thread (it copies the JPEG and base64s the maps), never on
 * the event loop or the Kafka reader.
 */
final class CameraSocket {
  private static final Logger log = LoggerFactory.getLogger(CameraSocket.class);

  private CameraSocket() {}

  /**
   * Streams {@code cameraId} to {@code socket} until it closes. Call on the socket's event loop.
   */
  static void serve(
      ServerWebSocket socket,
      Context context,
      String cameraId,
      LiveFeed feed,
      ViewerMetrics.Kind metrics) {
    LatestWinsSender<LiveFrame> sender =
        new LatestWinsSender<>(
            frame ->
                context
                    .executeBlocking(() -> Buffer.buffer(FrameMessage.encode(frame)), false)
                    .compose(socket::writeBinaryMessage),
            metrics);
    AutoCloseable subscription =
        feed.subscribe(
            frame -> {
              if (frame.cameraId().equals(cameraId)) {
                sender.offer(frame);
              }
            });
    metrics.connected();
    log.info(
        "camera={} event=viewer-connected remote={} viewers={}",
        cameraId,
        socket.remoteAddress(),
        metrics.clients());
    feed.newest(cameraId).ifPresent(sender::offer);
    socket.closeHandler(
        v -> {
          sender.close();
          try {
            subscription.close();
          } catch (Exception e) {
            log.warn(
                "camera={} event=viewer-unsubscribe-failed error=\"{}\"", cameraId, e.toString());
          }
          metrics.disconnected();
          log.info(
              "camera={} event=viewer-disconnected remote={} viewers={}",
              cameraId,
              socket.remoteAddress(),
              metrics.clients());
        });
    socket.exceptionHandler(
        e -> log.debug("camera={} event=viewer-socket-error error=\"{}\"", cameraId, e.toString()));
    // The page sends nothing; a message from it is ignored rather than buffered.
    socket.handler(ignored -> {});
  }
}

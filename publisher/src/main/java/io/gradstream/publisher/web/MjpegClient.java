package io.gradstream.publisher.web;

import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.live.LiveFrame;
import io.gradstream.publisher.render.CorruptFrameException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MJPEG response: the camera's annotated frames as {@link MjpegPart}s, latest wins. Each frame
 * is rendered once on a worker thread ({@link LiveFrame#annotatedJpeg()} caches it) and shared by
 * every stream, snapshot and thumbnail of it.
 */
final class MjpegClient {
  private static final Logger log = LoggerFactory.getLogger(MjpegClient.class);

  private MjpegClient() {}

  /**
   * Streams {@code cameraId} into {@code response} until the client goes. Call on its event loop.
   */
  static void serve(
      HttpServerResponse response,
      Context context,
      String cameraId,
      LiveFeed feed,
      ViewerMetrics.Kind metrics) {
    response
        .setChunked(true)
        .putHeader("Content-Type", MjpegPart.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store");
    response.writeHead();
    LatestWinsSender<LiveFrame> sender =
        new LatestWinsSender<>(
            frame ->
                context
                    .executeBlocking(frame::annotatedJpeg, false)
                    .compose(jpeg -> response.write(MjpegPart.of(jpeg)))
                    .recover(e -> skipCorrupt(cameraId, frame, e)),
            metrics);
    AutoCloseable subscription =
        feed.subscribe(
            frame -> {
              if (frame.cameraId().equals(cameraId)) {
                sender.offer(frame);
              }
            });
    metrics.connected();
    log.info("camera={} event=mjpeg-client-connected streams={}", cameraId, metrics.clients());
    feed.newest(cameraId).ifPresent(sender::offer);
    response.closeHandler(
        v -> {
          sender.close();
          try {
            subscription.close();
          } catch (Exception e) {
            log.warn(
                "camera={} event=mjpeg-unsubscribe-failed error=\"{}\"", cameraId, e.toString());
          }
          metrics.disconnected();
          log.info(
              "camera={} event=mjpeg-client-disconnected streams={}", cameraId, metrics.clients());
        });
  }

  /** A frame that does not decode is left out; the stream goes on with the next. */
  private static Future<Void> skipCorrupt(String cameraId, LiveFrame frame, Throwable error) {
    if (error instanceof CorruptFrameException) {
      log.warn(
          "camera={} seq={} event=mjpeg-frame-skipped reason=\"{}\"",
          cameraId,
          frame.seq(),
          error.getMessage());
      return Future.succeededFuture();
    }
    return Future.failedFuture(error);
  }
}

package io.gradstream.publisher.live;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.join.JoinedFrame;
import io.gradstream.publisher.render.FrameRenderer;
import io.gradstream.publisher.render.RenderOptions;

/**
 * The newest frame of a camera as the publisher serves it: the frame as captured, its detections,
 * and the annotated JPEG, rendered once on first demand (only the streams and snapshots need it;
 * the viewer draws overlays itself) and shared by every consumer.
 */
public final class LiveFrame {
  private final JoinedFrame joined;
  private final RenderOptions streamOptions;
  private final long publishedNanos;
  private final FeedTimings timings;
  private volatile byte[] annotated;

  LiveFrame(
      JoinedFrame joined, RenderOptions streamOptions, long publishedNanos, FeedTimings timings) {
    this.timings = timings;
    this.joined = joined;
    this.streamOptions = streamOptions;
    this.publishedNanos = publishedNanos;
  }

  /** The camera's registry id. */
  public String cameraId() {
    return joined.cameraId();
  }

  /** The per-camera sequence number. */
  public long seq() {
    return joined.frame().getSeq();
  }

  /** The frame as ingest captured it. */
  public FrameEnvelope frame() {
    return joined.frame();
  }

  /** Its detections, or null when none came in time. */
  public ExplainedFrame detections() {
    return joined.detections();
  }

  /** {@link System#nanoTime()} when the publisher sent it out. */
  public long publishedNanos() {
    return publishedNanos;
  }

  /**
   * The frame with boxes and heatmaps drawn as the publisher's render settings say, as JPEG. The
   * first call renders (a few milliseconds of CPU): call it off event loops.
   *
   * @throws io.gradstream.publisher.render.CorruptFrameException when the frame does not decode
   */
  public byte[] annotatedJpeg() {
    byte[] jpeg = annotated;
    if (jpeg == null) {
      synchronized (this) {
        if (annotated == null) {
          long started = System.nanoTime();
          annotated =
              FrameRenderer.renderJpeg(
                  joined.frame().getData().toByteArray(), joined.detections(), streamOptions);
          timings.rendered(System.nanoTime() - started);
        }
        jpeg = annotated;
      }
    }
    return jpeg;
  }
}

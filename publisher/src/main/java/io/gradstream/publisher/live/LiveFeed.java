package io.gradstream.publisher.live;

import io.gradstream.publisher.join.JoinedFrame;
import io.gradstream.publisher.render.RenderOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live side of the publisher: the newest frame of every camera, and subscribers (viewer
 * sockets, MJPEG responses, RTSP pushers) told of each new one. Subscribers are called on the
 * publishing thread and must hand work off rather than block or render there.
 */
public final class LiveFeed {
  private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

  private final RenderOptions streamOptions;
  private final LongSupplier nanoTime;
  private final FeedTimings timings;
  private final Map<String, LiveFrame> newest = new ConcurrentHashMap<>();
  private final Map<String, CameraActivity> activity = new ConcurrentHashMap<>();
  private final List<Consumer<LiveFrame>> subscribers = new CopyOnWriteArrayList<>();

  /**
   * @param streamOptions how annotated JPEGs are drawn for the streams
   */
  public LiveFeed(RenderOptions streamOptions, LongSupplier nanoTime) {
    this(streamOptions, nanoTime, FeedTimings.NONE);
  }

  /**
   * @param streamOptions how annotated JPEGs are drawn for the streams
   * @param timings told how long rendering and publishing took
   */
  public LiveFeed(RenderOptions streamOptions, LongSupplier nanoTime, FeedTimings timings) {
    this.timings = timings;
    this.streamOptions = streamOptions;
    this.nanoTime = nanoTime;
  }

  /** Makes {@code frame} its camera's newest and tells the subscribers. */
  public void publish(JoinedFrame frame) {
    long started = System.nanoTime();
    long now = nanoTime.getAsLong();
    LiveFrame live = new LiveFrame(frame, streamOptions, now, timings);
    newest.put(live.cameraId(), live);
    activity
        .computeIfAbsent(live.cameraId(), id -> new CameraActivity())
        .record(now, frame.hasDetections());
    for (Consumer<LiveFrame> subscriber : subscribers) {
      try {
        subscriber.accept(live);
      } catch (RuntimeException e) {
        log.warn(
            "camera={} event=live-subscriber-failed error=\"{}\"", live.cameraId(), e.toString());
      }
    }
    // Wall time, not the injected clock: the metric measures this process, the clock drives tests.
    timings.published(System.nanoTime() - started);
  }

  /** The newest frame of {@code cameraId}, if one came. */
  public Optional<LiveFrame> newest(String cameraId) {
    return Optional.ofNullable(newest.get(cameraId));
  }

  /** What the feed has seen of each camera, by camera id. */
  public Map<String, CameraActivity.Snapshot> activity() {
    long now = nanoTime.getAsLong();
    Map<String, CameraActivity.Snapshot> out = new TreeMap<>();
    activity.forEach((id, a) -> out.put(id, a.snapshot(now)));
    return out;
  }

  /**
   * Calls {@code subscriber} with every new frame of every camera until the returned handle is
   * closed.
   */
  public AutoCloseable subscribe(Consumer<LiveFrame> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** The render options of the streams. */
  public RenderOptions streamOptions() {
    return streamOptions;
  }
}

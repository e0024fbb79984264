package io.gradstream.publisher.republish;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.config.RepublishConfig;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.live.LiveFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Republishes every camera of the {@link LiveFeed}, annotated, to standard players: an RTSP push to
 * {@code <rtsp-url>/<camera>} and HLS playlists under {@code <hls-dir>/<camera>/}, as configured. A
 * camera's pushes start with its first frame, each on a thread of its own (encoding H.264 takes
 * CPU, and one slow server must not hold up another camera).
 */
public final class StreamRepublisher implements AutoCloseable {
  /** Reconnects to a target that refused: half a second, doubling, at most 30 s. */
  private final RepublishConfig config;

  private final Map<String, List<CameraPush>> pushes = new ConcurrentHashMap<>();
  private final Map<CameraPush, ScheduledExecutorService> clocks = new ConcurrentHashMap<>();
  private final AutoCloseable subscription;

  private StreamRepublisher(RepublishConfig config, LiveFeed feed) {
    this.config = config;
    this.subscription = feed.subscribe(this::offer);
  }

  /**
   * Starts republishing what {@code feed} publishes, or returns null when {@code config} names no
   * target.
   */
  public static StreamRepublisher startIfConfigured(RepublishConfig config, LiveFeed feed) {
    if (config.rtspUrl().isEmpty() && config.hlsDir().isEmpty()) {
      return null;
    }
    return new StreamRepublisher(config, feed);
  }

  private void offer(LiveFrame frame) {
    pushes.computeIfAbsent(frame.cameraId(), this::startCamera).forEach(p -> p.offer(frame));
  }

  private List<CameraPush> startCamera(String cameraId) {
    List<PushTarget> targets = new ArrayList<>();
    if (!config.rtspUrl().isEmpty()) {
      targets.add(
          PushTarget.rtsp(
              config.rtspUrl(),
              cameraId,
              config.rtspTransport(),
              CameraUrl.redact(config.rtspUrl())));
    }
    if (!config.hlsDir().isEmpty()) {
      targets.add(PushTarget.hls(Path.of(config.hlsDir()), cameraId));
    }
    long periodMicros = Math.round(1_000_000 / config.fps());
    List<CameraPush> started = new ArrayList<>();
    for (PushTarget target : targets) {
      CameraPush push =
          new CameraPush(cameraId, target, config.fps(), RetryPolicies.republishReconnect());
      ScheduledExecutorService clock =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t =
                    new Thread(r, "gradstream-republish-" + target.format() + "-" + cameraId);
                t.setDaemon(true);
                return t;
              });
      clock.scheduleAtFixedRate(push::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
      clocks.put(push, clock);
      started.add(push);
    }
    return List.copyOf(started);
  }

  /** Frames pushed to each camera's targets so far (repeats included), by camera. */
  public Map<String, Long> framesPushed() {
    Map<String, Long> out = new TreeMap<>();
    pushes.forEach(
        (camera, list) -> out.put(camera, list.stream().mapToLong(CameraPush::framesPushed).sum()));
    return out;
  }

  @Override
  public void close() throws Exception {
    subscription.close();
    for (Map.Entry<CameraPush, ScheduledExecutorService> e : clocks.entrySet()) {
      e.getValue().shutdown();
      e.getValue().awaitTermination(5, TimeUnit.SECONDS);
      e.getKey().close();
    }
  }
}

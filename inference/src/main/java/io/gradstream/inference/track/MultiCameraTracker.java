package io.gradstream.inference.track;

import io.gradstream.inference.detect.Detection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@link CameraTracker} per camera, so track ids are per camera and cameras never see each
 * other's objects. A camera's tracker starts over when its ingest session changes (ingest
 * restarted: its sequence numbers restart and the scene may have changed), and is forgotten after
 * it has sent nothing for {@code idleTimeout}, so cameras removed from the registry do not hold
 * memory forever.
 *
 * <p>Not thread-safe: the worker tracks on one thread, in frame order per camera.
 */
public final class MultiCameraTracker {
  private final TrackerConfig config;
  private final long idleTimeoutMillis;
  private final Map<String, CameraState> cameras = new HashMap<>();
  private long nextIdleSweepMillis = Long.MIN_VALUE;

  /**
   * @param config how each camera tracks
   * @param idleTimeout a camera that sent nothing for this long is forgotten
   */
  public MultiCameraTracker(TrackerConfig config, Duration idleTimeout) {
    this.config = Objects.requireNonNull(config, "config");
    this.idleTimeoutMillis = idleTimeout.toMillis();
  }

  /**
   * Tracks one frame of one camera.
   *
   * @param cameraId camera the frame came from
   * @param ingestSession the camera's ingest session; a new one starts the camera's tracks over
   * @param nowMillis wall-clock time, for forgetting idle cameras
   * @param detections the frame's detections
   * @return the detections in the same order, each with its track id (0 when untracked)
   */
  public List<TrackedDetection> update(
      String cameraId, String ingestSession, long nowMillis, List<Detection> detections) {
    sweepIdle(nowMillis);
    CameraState state = cameras.get(cameraId);
    if (state == null || !state.session.equals(ingestSession)) {
      state = new CameraState(ingestSession, new CameraTracker(config));
      cameras.put(cameraId, state);
    }
    state.lastSeenMillis = nowMillis;
    return state.tracker.update(detections);
  }

  /** Cameras with a tracker now. */
  public int cameras() {
    return cameras.size();
  }

  private void sweepIdle(long nowMillis) {
    // A full sweep per frame would cost O(cameras); once per idle period is enough.
    if (nowMillis < nextIdleSweepMillis) {
      return;
    }
    nextIdleSweepMillis = nowMillis + idleTimeoutMillis;
    cameras.values().removeIf(s -> nowMillis - s.lastSeenMillis > idleTimeoutMillis);
  }

  private static final class CameraState {
    final String session;
    final CameraTracker tracker;
    long lastSeenMillis;

    CameraState(String session, CameraTracker tracker) {
      this.session = session;
      this.tracker = tracker;
    }
  }
}

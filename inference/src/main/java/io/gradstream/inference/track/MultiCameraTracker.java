package io.gradstream.inference.track;

import io.gradstream.inference.detect.Detection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@link CameraTracker} per camera, so track ids are per camera and cameras never see each
 * other's objects. A camera this tracker has not followed yet (new, or its partition just moved
 * here from another worker) resumes from the {@link TrackHandover} its {@link HandoverSource}
 * finds, if any. A camera's tracker starts over when its ingest session changes (ingest restarted:
 * its sequence numbers restart and the scene may have changed), and is forgotten after it has sent
 * nothing for {@code idleTimeout}, so cameras removed from the registry do not hold memory forever.
 *
 * <p>Not thread-safe: the worker tracks on one thread, in frame order per camera.
 */
public final class MultiCameraTracker {
  private final TrackerConfig config;
  private final HandoverSource handovers;
  private final long idleTimeoutMillis;
  private final Map<String, CameraState> cameras = new HashMap<>();
  private long nextIdleSweepMillis = Long.MIN_VALUE;

  /**
   * @param config how each camera tracks
   * @param idleTimeout a camera that sent nothing for this long is forgotten
   */
  public MultiCameraTracker(TrackerConfig config, Duration idleTimeout) {
    this(config, idleTimeout, (camera, session) -> Optional.empty());
  }

  /**
   * @param config how each camera tracks
   * @param idleTimeout a camera that sent nothing for this long is forgotten
   * @param handovers where a camera not followed here yet finds the tracks another worker left
   */
  public MultiCameraTracker(TrackerConfig config, Duration idleTimeout, HandoverSource handovers) {
    this.config = Objects.requireNonNull(config, "config");
    this.idleTimeoutMillis = idleTimeout.toMillis();
    this.handovers = Objects.requireNonNull(handovers, "handovers");
  }

  /** Finds the tracks another worker left for a camera. */
  @FunctionalInterface
  public interface HandoverSource {
    /**
     * The tracks of {@code cameraId}'s {@code session} as the last worker to follow it left them;
     * empty when there are none (a new camera) or they cannot be read. Called on the tracking
     * thread when a camera's frames start coming under a new assignment.
     */
    Optional<TrackHandover> find(String cameraId, String session);
  }

  /**
   * Tracks one frame of one camera.
   *
   * @param cameraId camera the frame came from
   * @param ingestSession the camera's ingest session; a new one starts the camera's tracks over
   * @param seq the frame's sequence number
   * @param assignment what the frame was read under (the worker's hold on its partition): when it
   *     differs from the camera's last frame's, the camera may have been followed elsewhere since,
   *     and a newer handover wins over the tracks kept here
   * @param nowMillis wall-clock time, for forgetting idle cameras
   * @param detections the frame's detections
   * @return the detections in the same order, each with its track id (0 when untracked)
   */
  public List<TrackedDetection> update(
      String cameraId,
      String ingestSession,
      long seq,
      Object assignment,
      long nowMillis,
      List<Detection> detections) {
    sweepIdle(nowMillis);
    CameraState state = cameras.get(cameraId);
    boolean known = state != null && state.session.equals(ingestSession);
    if (!known || state.assignment != assignment) {
      long followedUpTo = known ? state.lastSeq : Long.MIN_VALUE;
      CameraTracker kept = known ? state.tracker : new CameraTracker(config);
      CameraTracker tracker =
          handovers
              .find(cameraId, ingestSession)
              .filter(h -> h.session().equals(ingestSession))
              // Newer than what this worker followed; it may even be ahead of this frame (the
              // previous worker wrote frames it had not committed when it died): its ids are in
              // use all the same.
              .filter(h -> h.seq() > followedUpTo)
              .map(h -> CameraTracker.resume(config, h, seq))
              .orElse(kept);
      state = new CameraState(ingestSession, tracker, assignment);
      cameras.put(cameraId, state);
    }
    state.lastSeenMillis = nowMillis;
    state.lastSeq = seq;
    return state.tracker.update(detections);
  }

  /** The id {@code cameraId}'s tracker gives its next new track; 1 for a camera not followed. */
  public long nextId(String cameraId) {
    CameraState state = cameras.get(cameraId);
    return state == null ? 1 : state.tracker.nextId();
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
    final Object assignment;
    long lastSeenMillis;
    long lastSeq;

    CameraState(String session, CameraTracker tracker, Object assignment) {
      this.session = session;
      this.tracker = tracker;
      this.assignment = assignment;
    }
  }
}

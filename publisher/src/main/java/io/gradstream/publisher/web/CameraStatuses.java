package io.gradstream.publisher.web;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.publisher.live.CameraActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status of every camera the viewer knows of, from the registry (what should be streaming) and
 * the live feed (what is): {@code live} while frames come, {@code stalled} when they stopped,
 * {@code waiting} for a registered camera with no frame yet. URLs are redacted: credentials never
 * reach the browser.
 */
public final class CameraStatuses {
  /**
   * A camera counts as stalled once its newest frame is this old, or five frame intervals if
   * longer.
   */
  static final long STALL_AFTER_MS = 3_000;

  /**
   * One camera's row in {@code GET /api/viewer/cameras}.
   *
   * @param id registry id
   * @param url source URL, redacted; null for a camera seen in frames but not registered
   * @param registered whether the registry holds it
   * @param state live, stalled or waiting
   * @param fps frames per second reaching the publisher
   * @param lastFrameAgeMs milliseconds since its newest frame, -1 before the first
   * @param frames frames the publisher has seen
   * @param detections detections in its newest frame
   * @param maxFps the registered frame-rate cap, 0 for the default
   */
  public record Row(
      String id,
      String url,
      boolean registered,
      String state,
      double fps,
      long lastFrameAgeMs,
      long frames,
      int detections,
      double maxFps) {}

  private CameraStatuses() {}

  /**
   * @param registered the registry's cameras
   * @param activity the live feed's activity by camera id
   * @param newestDetected detections in each camera's newest frame, by camera id
   */
  public static List<Row> of(
      List<CameraRegistration> registered,
      Map<String, CameraActivity.Snapshot> activity,
      Map<String, Integer> newestDetected) {
    Map<String, Row> rows = new TreeMap<>();
    for (CameraRegistration r : registered) {
      rows.put(
          r.getId(),
          row(
              r.getId(),
              CameraUrl.redact(r.getUrl()),
              true,
              r.getMaxFps(),
              activity.get(r.getId()),
              newestDetected.getOrDefault(r.getId(), 0)));
    }
    // A camera removed from the registry, or registered in another cluster, still shows while
    // frames come.
    activity.forEach(
        (id, a) ->
            rows.computeIfAbsent(
                id, k -> row(k, null, false, 0, a, newestDetected.getOrDefault(k, 0))));
    return new ArrayList<>(rows.values());
  }

  private static Row row(
      String id,
      String url,
      boolean registered,
      double maxFps,
      CameraActivity.Snapshot a,
      int detections) {
    if (a == null || a.frames() == 0) {
      return new Row(id, url, registered, "waiting", 0, -1, 0, 0, maxFps);
    }
    long stallAfter =
        a.fps() > 0 ? Math.max(STALL_AFTER_MS, Math.round(5_000 / a.fps())) : STALL_AFTER_MS;
    String state = a.lastFrameAgeMs() < stallAfter ? "live" : "stalled";
    double fps = "live".equals(state) ? Math.round(a.fps() * 10) / 10.0 : 0;
    return new Row(
        id, url, registered, state, fps, a.lastFrameAgeMs(), a.frames(), detections, maxFps);
  }
}

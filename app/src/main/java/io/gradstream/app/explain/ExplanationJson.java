package io.gradstream.app.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.quality.Quality;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON {@code gradstream explain} writes beside the overlays (written with {@code
 * DetectionJson}'s writers).
 */
public final class ExplanationJson {
  private ExplanationJson() {}

  /**
   * One explained detection.
   *
   * @param overlay the PNG with this detection's map, or null for video
   */
  public record Item(
      int classId,
      String label,
      float score,
      float x1,
      float y1,
      float x2,
      float y2,
      String method,
      String layer,
      int stride,
      int mapWidth,
      int mapHeight,
      float mapScale,
      ItemQuality quality,
      String overlay) {}

  /**
   * The map's quality and the detection's reliability.
   *
   * @param reliability the probability that the detection is correct; absent without a reliability
   *     model
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ItemQuality(
      float energyInBox, float concentration, float confidence, Double reliability) {}

  /** An image's explanations. */
  public record ImageResult(
      String source,
      String model,
      String method,
      int width,
      int height,
      String overlay,
      List<Item> detections) {}

  /** One video frame's explanations. */
  public record FrameResult(long frame, double timeMs, List<Item> detections) {}

  /**
   * Items for {@code detections}; {@code overlays} names each one's PNG (null entries or list for
   * none).
   */
  public static List<Item> items(List<Detection> detections, List<String> overlays) {
    List<Item> items = new ArrayList<>(detections.size());
    for (int i = 0; i < detections.size(); i++) {
      Detection d = detections.get(i);
      BoundingBox b = d.box();
      DetectionExplanation e = d.explanation();
      items.add(
          new Item(
              d.classId(),
              d.label(),
              d.score(),
              b.x1(),
              b.y1(),
              b.x2(),
              b.y2(),
              e == null ? null : e.method(),
              e == null ? null : e.layer(),
              e == null ? 0 : e.stride(),
              e == null ? 0 : e.map().width(),
              e == null ? 0 : e.map().height(),
              e == null ? 0 : e.map().scale(),
              e == null ? null : quality(e.quality(), d),
              overlays == null ? null : overlays.get(i)));
    }
    return items;
  }

  private static ItemQuality quality(Quality q, Detection d) {
    return new ItemQuality(
        q.energyInBox(),
        q.concentration(),
        q.confidence(),
        d.hasReliability() ? d.reliability() : null);
  }
}

package io.gradstream.app.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.gradstream.inference.detect.Detection;
import java.util.List;

/**
 * The JSON {@code gradstream detect} writes. An image gives one {@link ImageResult}; a video one
 * {@link FrameResult} per line (JSON lines), so a partial file from an interrupted run still
 * parses.
 */
public final class DetectionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetectionJson() {}

  /** One detection: class id and name, score 0-1, box corners in source pixels. */
  public record Item(
      int classId, String label, float score, float x1, float y1, float x2, float y2) {
    static Item of(Detection d) {
      return new Item(
          d.classId(),
          d.label(),
          d.score(),
          d.box().x1(),
          d.box().y1(),
          d.box().x2(),
          d.box().y2());
    }
  }

  /** The detections of one still image. */
  public record ImageResult(
      String source, String model, int width, int height, List<Item> detections) {}

  /** The detections of one video frame; {@code timeMs} is its presentation time. */
  public record FrameResult(long frame, double timeMs, List<Item> detections) {}

  public static List<Item> items(List<Detection> detections) {
    return detections.stream().map(Item::of).toList();
  }

  /** Pretty-printed, for a file a person opens. */
  public static ObjectWriter pretty() {
    return MAPPER.writerWithDefaultPrettyPrinter();
  }

  /** One line, for JSON lines. */
  public static ObjectWriter compact() {
    return MAPPER.writer();
  }
}

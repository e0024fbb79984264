package io.gradstream.inference.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.inference.detect.BoundingBox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real frame with hand-labelled objects, from {@code labelled/*.json} in the test resources (see
 * the README there for how the boxes were drawn and what the fields mean).
 *
 * @param image a still image file, or null for a video frame
 * @param video a video file, or null for a still image
 * @param frame index of the frame in {@code video}, from 0
 * @param debianPackage the package that ships the file
 * @param width frame width
 * @param height frame height
 * @param objects the labelled objects
 */
public record LabelledFrame(
    String image,
    String video,
    int frame,
    String debianPackage,
    int width,
    int height,
    List<LabelledObject> objects) {

  /**
   * @param label expected COCO class
   * @param also other classes that are not wrong for it
   * @param optional true when missing it is no failure
   * @param box x1, y1, x2, y2 in source pixels
   */
  public record LabelledObject(String label, List<String> also, boolean optional, float[] box) {
    public LabelledObject {
      also = also == null ? List.of() : also;
    }

    public BoundingBox boundingBox() {
      return new BoundingBox(box[0], box[1], box[2], box[3]);
    }

    public boolean accepts(String detectedLabel) {
      return label.equals(detectedLabel) || also.contains(detectedLabel);
    }

    public List<String> acceptedLabels() {
      List<String> all = new ArrayList<>(List.of(label));
      all.addAll(also);
      return all;
    }
  }

  /** Reads {@code labelled/NAME.json}. */
  public static LabelledFrame load(String name) {
    ObjectMapper json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    String resource = "/io/gradstream/inference/labelled/" + name + ".json";
    try (InputStream in = LabelledFrame.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + resource);
      }
      return json.readValue(in, LabelledFrame.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file the frame comes from. */
  public String source() {
    return image != null ? image : video + " frame " + frame;
  }
}

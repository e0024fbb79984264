package io.gradstream.publisher.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradstream.common.image.LetterboxPlacement;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.Explanation;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.common.wire.StageTimings;
import io.gradstream.publisher.live.LiveFrame;
import io.gradstream.publisher.render.BoxOverlay;
import java.nio.ByteBuffer;

/**
 * One frame as the viewer's WebSocket sends it: a single binary message, so the picture and its
 * detections can never be paired wrongly.
 *
 * <pre>
 *   [4 bytes: length N of the JSON, big-endian] [N bytes: JSON, UTF-8] [the rest: the frame's JPEG as captured]
 * </pre>
 *
 * The JSON holds {@code camera}, {@code seq}, {@code capture_us} (capture wall clock, Unix
 * microseconds), {@code width}/{@code height}, {@code detected} (whether detections came), {@code
 * model}, {@code timings} (the inference worker's stage times in microseconds, {@code total_us}
 * among them) and {@code detections}: each with {@code track}, {@code class_id}, {@code label},
 * {@code score}, {@code colour} (the streams' class colour), {@code box} [x1, y1, x2, y2] in frame
 * pixels, {@code quality} and {@code map}: the Grad-CAM PNG in base64 with {@code crop} [x, y, w,
 * h], the part of the map (in cells) that covers the frame once the letterbox bars are cut off;
 * scaling that part to the frame lays the map over it. The browser draws boxes and maps itself, so
 * each viewer toggles them for itself.
 */
public final class FrameMessage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FrameMessage() {}

  /** The combined binary message for {@code frame}. Costs a JSON encode and a copy of the JPEG. */
  public static byte[] encode(LiveFrame frame) {
    byte[] json = json(frame.frame(), frame.detections());
    byte[] jpeg = frame.frame().getData().toByteArray();
    return ByteBuffer.allocate(4 + json.length + jpeg.length)
        .putInt(json.length)
        .put(json)
        .put(jpeg)
        .array();
  }

  /** The JSON part: the frame's metadata and its detections. */
  static byte[] json(FrameEnvelope frame, ExplainedFrame detections) {
    ObjectNode root = JSON.createObjectNode();
    root.put("camera", frame.getCameraId());
    root.put("seq", frame.getSeq());
    root.put("capture_us", frame.getCaptureTimeUnixMicros());
    root.put("width", frame.getWidth());
    root.put("height", frame.getHeight());
    root.put("detected", detections != null);
    ArrayNode list = root.putArray("detections");
    if (detections != null) {
      root.put("model", detections.getModelId());
      root.set("timings", timings(detections.getTimings()));
      for (Detection d : detections.getDetectionsList()) {
        list.add(detection(d, frame.getWidth(), frame.getHeight()));
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  private static ObjectNode timings(StageTimings t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("queue_us", t.getQueueMicros());
    node.put("decode_us", t.getDecodeMicros());
    node.put("preprocess_us", t.getPreprocessMicros());
    node.put("inference_us", t.getInferenceMicros());
    node.put("postprocess_us", t.getPostprocessMicros());
    node.put("explain_us", t.getExplainMicros());
    node.put("total_us", t.getTotalMicros());
    node.put("batch_size", t.getBatchSize());
    // Before the worker's poll, so not in total_us; 0 when unknown (see StageTimings.kafka_micros).
    node.put("kafka_us", t.getKafkaMicros());
    return node;
  }

  private static ObjectNode detection(Detection d, int frameWidth, int frameHeight) {
    ObjectNode node = JSON.createObjectNode();
    node.put("track", d.getTrackId());
    if (d.getTrackFrames() > 0) {
      // How long the tracker has followed the object, and how it scored: the reliability reads
      // both.
      node.put("track_frames", d.getTrackFrames());
      node.put("track_mean_score", d.getTrackMeanScore());
    }
    node.put("class_id", d.getClassId());
    node.put("label", d.getLabel());
    node.put("score", d.getScore());
    node.put("colour", BoxOverlay.cssColour(d.getClassId()));
    node.putArray("box")
        .add(d.getBox().getX1())
        .add(d.getBox().getY1())
        .add(d.getBox().getX2())
        .add(d.getBox().getY2());
    ObjectNode quality = node.putObject("quality");
    quality.put("energy_in_box", d.getQuality().getEnergyInBox());
    quality.put("concentration", d.getQuality().getConcentration());
    quality.put("confidence", d.getQuality().getConfidence());
    if (d.getQuality().hasReliability()) {
      quality.put("reliability", d.getQuality().getReliability());
    }
    if (d.hasCam()
        && d.getCam().getWidth() > 0
        && d.getCam().getStride() > 0
        && frameWidth > 0
        && frameHeight > 0) {
      node.set("map", map(d.getCam(), frameWidth, frameHeight));
    }
    return node;
  }

  private static ObjectNode map(Explanation cam, int frameWidth, int frameHeight) {
    ObjectNode node = JSON.createObjectNode();
    node.put("width", cam.getWidth());
    node.put("height", cam.getHeight());
    node.put("stride", cam.getStride());
    node.put("layer", cam.getLayer());
    node.put("method", cam.getMethod());
    node.put("encoding", cam.getEncoding());
    node.put("png", cam.getData().toByteArray()); // Jackson writes bytes as base64
    // The map covers the square letterboxed input; the frame is the part inside the bars.
    LetterboxPlacement placement =
        LetterboxPlacement.of(cam.getStride() * cam.getWidth(), frameWidth, frameHeight);
    double stride = cam.getStride();
    node.putArray("crop")
        .add(placement.padLeft() / stride)
        .add(placement.padTop() / stride)
        .add(placement.resizedWidth() / stride)
        .add(placement.resizedHeight() / stride);
    return node;
  }
}

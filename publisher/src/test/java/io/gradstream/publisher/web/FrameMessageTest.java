package io.gradstream.publisher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.Explanation;
import io.gradstream.common.wire.ExplanationQuality;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.common.wire.StageTimings;
import io.gradstream.publisher.join.JoinedFrame;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.live.LiveFrame;
import io.gradstream.publisher.render.RenderOptions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FrameMessageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 7, 7, 7, (byte) 0xFF, (byte) 0xD9};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

  private static final FrameEnvelope FRAME =
      FrameEnvelope.newBuilder()
          .setCameraId("campus")
          .setSeq(42)
          .setCaptureTimeUnixMicros(1_700_000_000_123_456L)
          .setWidth(768)
          .setHeight(576)
          .setData(ByteString.copyFrom(JPEG))
          .build();

  private static final ExplainedFrame DETECTIONS =
      ExplainedFrame.newBuilder()
          .setCameraId("campus")
          .setSeq(42)
          .setModelId("yolov5s-320.onnx@abc")
          .setWidth(768)
          .setHeight(576)
          .setTimings(
              StageTimings.newBuilder()
                  .setInferenceMicros(90_000)
                  .setExplainMicros(20_000)
                  .setTotalMicros(125_000)
                  .setKafkaMicros(3_250)
                  .setBatchSize(1))
          .addDetections(
              Detection.newBuilder()
                  .setTrackId(7)
                  .setTrackFrames(25)
                  .setTrackMeanScore(0.75f)
                  .setClassId(0)
                  .setLabel("person")
                  .setScore(0.83f)
                  .setBox(Box.newBuilder().setX1(100).setY1(50).setX2(160).setY2(220))
                  .setCam(
                      Explanation.newBuilder()
                          .setWidth(40)
                          .setHeight(40)
                          .setStride(8)
                          .setLayer("head.0")
                          .setMethod("gradcam")
                          .setEncoding("png")
                          .setData(ByteString.copyFrom(PNG)))
                  .setQuality(
                      ExplanationQuality.newBuilder()
                          .setEnergyInBox(0.61f)
                          .setConcentration(0.4f)
                          .setConfidence(0.55f)
                          .setReliability(0.875f)))
          .addDetections(
              Detection.newBuilder()
                  .setTrackId(8)
                  .setClassId(0)
                  .setLabel("person")
                  .setScore(0.5f)
                  .setBox(Box.newBuilder().setX1(200).setY1(50).setX2(260).setY2(220))
                  .setQuality(
                      ExplanationQuality.newBuilder()
                          .setEnergyInBox(0.5f)
                          .setConcentration(0.4f)
                          .setConfidence(0.5f)))
          .build();

  @Test
  void theMessageIsTheJsonLengthTheJsonAndTheCapturedJpeg() throws Exception {
    LiveFeed feed = new LiveFeed(RenderOptions.defaults(), System::nanoTime);
    feed.publish(new JoinedFrame(FRAME, DETECTIONS));
    LiveFrame live = feed.newest("campus").orElseThrow();

    ByteBuffer message = ByteBuffer.wrap(FrameMessage.encode(live));
    int jsonLength = message.getInt();
    byte[] json = new byte[jsonLength];
    message.get(json);
    byte[] jpeg = new byte[message.remaining()];
    message.get(jpeg);

    assertThat(JSON.readTree(json).path("seq").asLong()).isEqualTo(42);
    assertThat(jpeg).isEqualTo(JPEG);
  }

  @Test
  void aDetectionCarriesItsBoxClassColourQualityAndMapAsBase64Png() throws Exception {
    JsonNode root = JSON.readTree(FrameMessage.json(FRAME, DETECTIONS));

    assertThat(root.path("camera").asText()).isEqualTo("campus");
    assertThat(root.path("capture_us").asLong()).isEqualTo(1_700_000_000_123_456L);
    assertThat(root.path("detected").asBoolean()).isTrue();
    assertThat(root.path("timings").path("total_us").asLong()).isEqualTo(125_000);
    assertThat(root.path("timings").path("kafka_us").asLong())
        .as("the hop before the worker")
        .isEqualTo(3_250);
    JsonNode d = root.path("detections").get(0);
    assertThat(d.path("track").asLong()).isEqualTo(7);
    assertThat(d.path("track_frames").asInt()).isEqualTo(25);
    assertThat(d.path("track_mean_score").floatValue()).isEqualTo(0.75f);
    assertThat(root.path("detections").get(1).has("track_frames"))
        .as("a worker older than track lengths")
        .isFalse();
    assertThat(d.path("label").asText()).isEqualTo("person");
    assertThat(d.path("score").floatValue()).isEqualTo(0.83f);
    assertThat(d.path("colour").asText()).as("the streams' colour of class 0").isEqualTo("#ff3838");
    assertThat(d.path("box").toString()).isEqualTo("[100.0,50.0,160.0,220.0]");
    assertThat(d.path("quality").path("energy_in_box").floatValue()).isEqualTo(0.61f);
    assertThat(d.path("quality").path("confidence").floatValue()).isEqualTo(0.55f);
    assertThat(Base64.getDecoder().decode(d.path("map").path("png").asText())).isEqualTo(PNG);
    assertThat(d.path("map").path("method").asText()).isEqualTo("gradcam");
    assertThat(d.path("quality").path("reliability").floatValue()).isEqualTo(0.875f);
    assertThat(root.path("detections").get(1).path("quality").has("reliability"))
        .as("a worker without a reliability model")
        .isFalse();
  }

  @Test
  void theMapCropCutsTheLetterboxBarsOffInMapCells() throws Exception {
    // 768x576 into 320x320: scaled to 320x240 with 40 grey rows above and below; at stride 8 that
    // is
    // 5 cells of bar, then 30 rows of 40 cells that cover the frame.
    JsonNode crop =
        JSON.readTree(FrameMessage.json(FRAME, DETECTIONS))
            .path("detections")
            .get(0)
            .path("map")
            .path("crop");

    assertThat(crop.toString()).isEqualTo("[0.0,5.0,40.0,30.0]");
  }

  @Test
  void aFrameWhoseDetectionsHaveNotComeHasAnEmptyListAndSaysSo() throws Exception {
    JsonNode root = JSON.readTree(FrameMessage.json(FRAME, null));

    assertThat(root.path("detected").asBoolean()).isFalse();
    assertThat(root.path("detections")).isEmpty();
    assertThat(root.has("timings")).isFalse();
  }

  @Test
  void aDetectionWithoutAMapHasNoMapField() throws Exception {
    ExplainedFrame noMap =
        DETECTIONS.toBuilder()
            .setDetections(0, DETECTIONS.getDetections(0).toBuilder().clearCam())
            .build();

    JsonNode d = JSON.readTree(FrameMessage.json(FRAME, noMap)).path("detections").get(0);
    assertThat(d.has("map")).isFalse();
    assertThat(Arrays.asList(d.path("label").asText())).containsExactly("person");
  }
}

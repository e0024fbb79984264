package io.gradstream.publisher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.Explanation;
import io.gradstream.common.wire.ExplanationQuality;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.alert.AlertEvaluator;
import io.gradstream.publisher.alert.rule.ClassFlipRule;
import io.gradstream.publisher.alert.rule.LowConfidenceRule;
import io.gradstream.publisher.alert.rule.WrongReasonsRule;
import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.join.JoinedFrame;
import io.gradstream.publisher.render.CorruptFrameException;
import io.gradstream.publisher.render.FrameRenderer;
import io.gradstream.publisher.render.RenderOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what the publisher does with a detections-topic message: parse the {@code ExplainedFrame},
 * step the alert rules with it, join it with its frame and render the annotated frame (as the
 * viewer, the streams and alert snapshots do). Inputs are raw bytes, byte-damaged valid messages,
 * and messages with hostile fields: scores and boxes that are NaN, infinite or huge, maps whose
 * stated size, stride or encoding disagree with their PNG. The message is either refused as
 * unparseable or handled; the renderer fails only with {@link CorruptFrameException}, so one bad
 * message cannot stop the publisher's reader or poison alert handling.
 */
class ExplainedFrameFuzzTest {
  private static final byte[] FRAME_JPEG = image(64, 48, "jpg", BufferedImage.TYPE_3BYTE_BGR);
  private static final byte[] MAP_PNG = image(4, 4, "png", BufferedImage.TYPE_BYTE_GRAY);

  @FuzzTest(maxDuration = "15s")
  void anyDetectionsMessageIsHandledOrRefusedAsCorrupt(FuzzedDataProvider data) {
    byte[] value =
        switch (data.consumeInt(0, 2)) {
          case 0 -> data.consumeBytes(2_000);
          case 1 -> damaged(data, valid().build().toByteArray());
          default -> hostile(data).toByteArray();
        };
    handledOrRefused(value);
  }

  // ---------------------------------------------------------------- inputs the fuzzer found,
  // replayed exactly

  @Test
  void aMapWithStrideZeroIsRefusedAsCorrupt() {
    assertRefused(cam -> cam.setStride(0), "stride 0");
  }

  @Test
  void aMapWhoseStrideScalesItToGigapixelsIsRefusedBeforeResizing() {
    assertRefused(cam -> cam.setStride(65_536), "stride 65536");
    assertRefused(
        cam -> cam.setWidth(Integer.MAX_VALUE).setHeight(Integer.MAX_VALUE).setStride(1),
        Integer.MAX_VALUE + "x" + Integer.MAX_VALUE);
  }

  /**
   * The changed map is refused as corrupt, naming what is wrong, and the whole message is still
   * handled.
   */
  private static void assertRefused(
      java.util.function.UnaryOperator<Explanation.Builder> change, String named) {
    Explanation cam = change.apply(valid().getDetections(0).getCam().toBuilder()).build();
    assertThatThrownBy(() -> FrameRenderer.mapCells(cam))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining(named);
    handledOrRefused(withMap(change));
  }

  @Test
  void aMapPngThatClaimsAnotherSizeIsRefusedBeforeDecoding() {
    byte[] png = MAP_PNG.clone();
    png[18] = 0x7F; // IHDR width: 4 -> 0x7F0004
    Explanation cam =
        valid().getDetections(0).getCam().toBuilder().setData(ByteString.copyFrom(png)).build();
    assertThatThrownBy(() -> FrameRenderer.mapCells(cam))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("PNG header");
    handledOrRefused(withMap(c -> c.setData(ByteString.copyFrom(png))));
  }

  @Test
  void aMapPngWhoseChunkClaimsGigabytesIsRefusedBeforeDecoding() {
    // Found by a 3-minute fuzzing run: OpenCV's reader spent 14 s on this 4x4 map's 4 GB IDAT
    // claim.
    byte[] png = MAP_PNG.clone();
    int idat = 33; // signature 8, IHDR 25
    png[idat] = (byte) 0xFF;
    Explanation cam =
        valid().getDetections(0).getCam().toBuilder().setData(ByteString.copyFrom(png)).build();
    assertThatThrownBy(() -> FrameRenderer.mapCells(cam))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("chunk at byte 33 states");
    handledOrRefused(withMap(c -> c.setData(ByteString.copyFrom(png))));
  }

  @Test
  void aBoxMillionsOfPixelsOffTheFrameRendersInMilliseconds() {
    byte[] value =
        valid()
            .setDetections(
                0,
                valid().getDetections(0).toBuilder()
                    .clearCam()
                    .setBox(Box.newBuilder().setX1(-0f).setY1(-Float.MAX_VALUE)))
            .build()
            .toByteArray();
    long started = System.nanoTime();
    handledOrRefused(value);
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms to handle").isLessThan(1_000);
  }

  private static byte[] withMap(java.util.function.UnaryOperator<Explanation.Builder> change) {
    ExplainedFrame.Builder frame = valid();
    Detection.Builder d = frame.getDetections(0).toBuilder();
    d.setCam(change.apply(d.getCam().toBuilder()));
    return frame.setDetections(0, d).build().toByteArray();
  }

  /** The property, checked on one message. */
  static void handledOrRefused(byte[] value) {
    ExplainedFrame explained;
    try {
      explained = ExplainedFrame.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      return; // counted as garbage and skipped by PublisherStreams
    }
    AlertEvaluator evaluator =
        new AlertEvaluator(
            List.of(
                new LowConfidenceRule(new LowConfidenceRuleConfig(true, 0.2, 1, 1)),
                new WrongReasonsRule(new WrongReasonsRuleConfig(true, 0.6, 0.3, 1, 1)),
                new ClassFlipRule(new ClassFlipRuleConfig(true, 1))),
            60_000,
            30_000);
    assertThat(evaluator.evaluate(explained)).isNotNull();

    List<JoinedFrame> out = new ArrayList<>();
    FrameJoiner joiner = new FrameJoiner(4, 3_000, () -> 0L, out::add);
    FrameEnvelope frame =
        FrameEnvelope.newBuilder()
            .setCameraId(explained.getCameraId())
            .setIngestSession(explained.getIngestSession())
            .setSeq(explained.getSeq())
            .setWidth(64)
            .setHeight(48)
            .setEncoding(FrameEncoding.FRAME_ENCODING_JPEG)
            .setData(ByteString.copyFrom(FRAME_JPEG))
            .build();
    joiner.onFrame(frame);
    assertThat(joiner.heldFrame(explained)).isPresent();
    joiner.onDetections(explained);
    assertThat(out).hasSize(1);

    for (RenderOptions options :
        List.of(RenderOptions.defaults(), new RenderOptions(false, Set.of(), 0, 1))) {
      try {
        assertThat(FrameRenderer.renderJpeg(FRAME_JPEG, out.get(0).detections(), options))
            .isNotEmpty();
      } catch (CorruptFrameException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  private static ExplainedFrame.Builder valid() {
    return ExplainedFrame.newBuilder()
        .setCameraId("cam")
        .setSeq(7)
        .setIngestSession("s")
        .setWidth(64)
        .setHeight(48)
        .addDetections(
            Detection.newBuilder()
                .setTrackId(1)
                .setClassId(16)
                .setLabel("dog")
                .setScore(0.9f)
                .setBox(Box.newBuilder().setX1(4).setY1(4).setX2(40).setY2(30))
                .setCam(
                    Explanation.newBuilder()
                        .setWidth(4)
                        .setHeight(4)
                        .setStride(16)
                        .setEncoding("png")
                        .setMethod("gradcam")
                        .setLayer("l")
                        .setData(ByteString.copyFrom(MAP_PNG)))
                .setQuality(
                    ExplanationQuality.newBuilder()
                        .setEnergyInBox(0.8f)
                        .setConcentration(0.5f)
                        .setConfidence(0.7f)));
  }

  private static ExplainedFrame hostile(FuzzedDataProvider data) {
    ExplainedFrame.Builder b = valid().clearDetections();
    if (data.consumeBoolean()) b.setCameraId(data.consumeString(100));
    if (data.consumeBoolean()) b.setSeq(data.consumeLong());
    int count = data.consumeInt(0, 4);
    for (int i = 0; i < count; i++) {
      Detection.Builder d = valid().getDetections(0).toBuilder();
      if (data.consumeBoolean()) d.setTrackId(data.consumeLong());
      if (data.consumeBoolean()) d.setClassId(data.consumeInt());
      if (data.consumeBoolean()) d.setLabel(data.consumeString(200));
      if (data.consumeBoolean()) d.setScore(number(data));
      if (data.consumeBoolean()) {
        d.setBox(
            Box.newBuilder()
                .setX1(number(data))
                .setY1(number(data))
                .setX2(number(data))
                .setY2(number(data)));
      }
      if (data.consumeBoolean()) {
        d.setQuality(
            ExplanationQuality.newBuilder()
                .setEnergyInBox(number(data))
                .setConcentration(number(data))
                .setConfidence(number(data)));
      }
      if (data.consumeBoolean()) {
        Explanation.Builder cam = d.getCam().toBuilder();
        if (data.consumeBoolean()) cam.setWidth(size(data)).setHeight(size(data));
        if (data.consumeBoolean()) cam.setStride(size(data));
        if (data.consumeBoolean())
          cam.setEncoding(data.pickValue(List.of("png", "", "jpg", "PNG")));
        if (data.consumeBoolean()) {
          cam.setData(
              ByteString.copyFrom(
                  data.consumeBoolean() ? damaged(data, MAP_PNG) : data.consumeBytes(300)));
        }
        d.setCam(cam);
      }
      if (data.consumeInt(0, 5) == 0) d.clearCam();
      b.addDetections(d);
    }
    return b.build();
  }

  private static float number(FuzzedDataProvider data) {
    return data.consumeBoolean()
        ? data.pickValue(
            new float[] {
              Float.NaN,
              Float.POSITIVE_INFINITY,
              Float.NEGATIVE_INFINITY,
              -1,
              0,
              1,
              1e9f,
              -1e9f,
              Float.MAX_VALUE,
              63.5f
            })
        : data.consumeFloat();
  }

  private static int size(FuzzedDataProvider data) {
    return data.consumeBoolean()
        ? data.pickValue(
            new int[] {0, -1, 1, 4, 16, 32, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE})
        : data.consumeInt();
  }

  /** One to four byte changes, truncations or insertions. */
  static byte[] damaged(FuzzedDataProvider data, byte[] original) {
    byte[] bytes = original.clone();
    int edits = data.consumeInt(1, 4);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      switch (data.consumeInt(0, 2)) {
        case 0 -> bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
        case 1 -> bytes = java.util.Arrays.copyOf(bytes, data.consumeInt(0, bytes.length - 1));
        default -> {
          int at = data.consumeInt(0, bytes.length);
          byte[] inserted = data.consumeBytes(16);
          byte[] grown = new byte[bytes.length + inserted.length];
          System.arraycopy(bytes, 0, grown, 0, at);
          System.arraycopy(inserted, 0, grown, at, inserted.length);
          System.arraycopy(bytes, at, grown, at + inserted.length, bytes.length - at);
          bytes = grown;
        }
      }
    }
    return bytes;
  }

  private static byte[] image(int width, int height, String format, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 0x80);
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

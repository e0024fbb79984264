package io.gradstream.publisher.alert;

import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.ExplanationQuality;

/** Explained frames for engine tests: 10 fps from a fixed start, so time follows seq. */
final class Frames {
  static final long START_MICROS = 1_760_000_000_000_000L;
  static final long FRAME_MICROS = 100_000;

  private Frames() {}

  /**
   * A detection of {@code track}: a sure dog whose map's energy in the box is {@code energyInBox}.
   */
  static Detection dog(long track, float energyInBox) {
    return Detection.newBuilder()
        .setTrackId(track)
        .setClassId(16)
        .setLabel("dog")
        .setScore(0.9f)
        .setBox(Box.newBuilder().setX1(100).setY1(120).setX2(300).setY2(400))
        .setQuality(
            ExplanationQuality.newBuilder()
                .setEnergyInBox(energyInBox)
                .setConcentration(0.4f)
                .setConfidence(energyInBox))
        .build();
  }

  static ExplainedFrame frame(String camera, long seq, Detection... detections) {
    return frameAt(camera, seq, START_MICROS + seq * FRAME_MICROS, detections);
  }

  static ExplainedFrame frameAt(
      String camera, long seq, long captureMicros, Detection... detections) {
    ExplainedFrame.Builder b =
        ExplainedFrame.newBuilder()
            .setCameraId(camera)
            .setSeq(seq)
            .setCaptureTimeUnixMicros(captureMicros)
            .setIngestSession("session-1")
            .setModelId("yolov5s")
            .setWidth(768)
            .setHeight(576);
    for (Detection d : detections) {
      b.addDetections(d);
    }
    return b.build();
  }
}

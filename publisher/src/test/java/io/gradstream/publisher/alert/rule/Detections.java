package io.gradstream.publisher.alert.rule;

import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplanationQuality;

/** Detections for rule tests: one track with a chosen class, score and explanation quality. */
final class Detections {
  private Detections() {}

  static Detection of(int classId, String label, float score, float energyInBox, float confidence) {
    return Detection.newBuilder()
        .setTrackId(7)
        .setClassId(classId)
        .setLabel(label)
        .setScore(score)
        .setBox(Box.newBuilder().setX1(10).setY1(20).setX2(110).setY2(220))
        .setQuality(
            ExplanationQuality.newBuilder()
                .setEnergyInBox(energyInBox)
                .setConcentration(0.5f)
                .setConfidence(confidence))
        .build();
  }

  static Detection withoutQuality(float score) {
    return of(0, "person", score, 0, 0).toBuilder().clearQuality().build();
  }
}

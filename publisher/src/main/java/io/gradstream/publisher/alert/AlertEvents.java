package io.gradstream.publisher.alert;

import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the {@link AlertEvent} of a raised alert from its frame (snapshot URL left null). */
final class AlertEvents {
  private AlertEvents() {}

  static AlertEvent of(ExplainedFrame frame, RaisedAlert raised) {
    Detection d = raised.detection();
    String id =
        AlertId.of(
            frame.getCameraId(),
            frame.getIngestSession(),
            d.getTrackId(),
            raised.type(),
            raised.trigger().episodeStartSeq());
    long micros = frame.getCaptureTimeUnixMicros();
    Instant time = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    var box = d.getBox();
    var quality = d.getQuality();
    return new AlertEvent(
        id,
        raised.type().wireName(),
        frame.getCameraId(),
        frame.getIngestSession(),
        d.getTrackId(),
        frame.getSeq(),
        raised.trigger().episodeStartSeq(),
        time.toString(),
        micros,
        frame.getModelId(),
        new AlertEvent.DetectionSummary(
            d.getLabel(),
            d.getClassId(),
            d.getScore(),
            new AlertEvent.BoxSummary(box.getX1(), box.getY1(), box.getX2(), box.getY2())),
        new AlertEvent.QualitySummary(
            quality.getEnergyInBox(),
            quality.getConcentration(),
            quality.getConfidence(),
            quality.hasReliability() ? quality.getReliability() : null),
        raised.trigger().reason(),
        null);
  }
}

package io.gradstream.inference.worker.pipeline;

import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.ExplanationQuality;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.common.wire.StageTimings;
import io.gradstream.explain.quality.Quality;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.track.TrackedDetection;
import java.util.List;

/**
 * Builds the {@code ExplainedFrame} wire message of one frame: the frame's identity (camera, seq,
 * capture time, ingest session, so the publisher can join it back to the frame), the model, the
 * source size, the tracked detections with their maps, and where the time went.
 */
public final class ExplainedFrameBuilder {
  private final String modelId;
  private final String workerId;

  /** A builder stamping every frame with {@code modelId} and {@code workerId}. */
  public ExplainedFrameBuilder(String modelId, String workerId) {
    this.modelId = modelId;
    this.workerId = workerId;
  }

  /** Per-frame times in nanoseconds; inference is the frame's whole batch. */
  public record Times(
      long queueNanos,
      long decodeNanos,
      long inferenceNanos,
      long explainNanos,
      long trackNanos,
      long totalNanos,
      int batchSize) {}

  /**
   * The wire message of {@code frame} with its tracked detections and timings.
   *
   * @param nextTrackId the id the camera's tracker gives its next new track
   */
  public ExplainedFrame build(
      DecodedFrame frame, List<TrackedDetection> detections, long nextTrackId, Times times) {
    FrameEnvelope envelope = frame.envelope();
    ExplainedFrame.Builder out =
        ExplainedFrame.newBuilder()
            .setCameraId(envelope.getCameraId())
            .setSeq(envelope.getSeq())
            .setCaptureTimeUnixMicros(envelope.getCaptureTimeUnixMicros())
            .setIngestSession(envelope.getIngestSession())
            .setModelId(modelId)
            .setWidth(frame.image().width())
            .setHeight(frame.image().height())
            .setWorkerId(workerId)
            .setNextTrackId(nextTrackId)
            .setTimings(
                StageTimings.newBuilder()
                    .setQueueMicros(micros(times.queueNanos()))
                    .setDecodeMicros(micros(times.decodeNanos()))
                    .setInferenceMicros(micros(times.inferenceNanos()))
                    .setExplainMicros(micros(times.explainNanos()))
                    .setPostprocessMicros(micros(times.trackNanos()))
                    .setTotalMicros(micros(times.totalNanos()))
                    .setBatchSize(times.batchSize())
                    .setKafkaMicros(Math.max(0, frame.source().kafkaMicros())));
    for (TrackedDetection tracked : detections) {
      Detection d = tracked.detection();
      BoundingBox b = d.box();
      var wire =
          io.gradstream.common.wire.Detection.newBuilder()
              .setTrackId(tracked.trackId())
              .setClassId(d.classId())
              .setLabel(d.label())
              .setScore(d.score())
              .setTrackFrames(tracked.frames())
              .setTrackMeanScore((float) tracked.meanScore())
              .setBox(Box.newBuilder().setX1(b.x1()).setY1(b.y1()).setX2(b.x2()).setY2(b.y2()));
      if (d.explanation() != null) {
        Quality q = d.explanation().quality();
        ExplanationQuality.Builder quality =
            ExplanationQuality.newBuilder()
                .setEnergyInBox(q.energyInBox())
                .setConcentration(q.concentration())
                .setConfidence(q.confidence());
        if (d.hasReliability()) {
          quality.setReliability((float) d.reliability());
        }
        wire.setCam(ExplanationMessage.of(d.explanation())).setQuality(quality);
      }
      out.addDetections(wire);
    }
    return out.build();
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / 1_000);
  }
}

package io.gradstream.inference.worker.pipeline;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.inference.detect.DetectedImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import io.gradstream.inference.track.MultiCameraTracker;
import io.gradstream.inference.track.TrackedDetection;
import io.gradstream.inference.worker.metrics.WorkerMetrics;
import io.gradstream.inference.worker.metrics.WorkerMetrics.Stage;
import io.gradstream.inference.worker.sink.ResultSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch through the detector and the tracker, then out to the sink. Runs on the
 * pipeline's dedicated detect thread, one batch at a time, so the tracker sees each camera's frames
 * in order and the blocking detector call never holds a shared scheduler.
 */
final class BatchInference {
  private static final Logger log = LoggerFactory.getLogger(BatchInference.class);

  private final Detector detector;
  private final MultiCameraTracker tracker;
  private final ExplainedFrameBuilder builder;
  private final ResultSink sink;
  private final WorkerMetrics metrics;
  private final Clock clock;

  BatchInference(
      Detector detector,
      MultiCameraTracker tracker,
      ExplainedFrameBuilder builder,
      ResultSink sink,
      WorkerMetrics metrics,
      Clock clock) {
    this.detector = detector;
    this.tracker = tracker;
    this.builder = builder;
    this.sink = sink;
    this.metrics = metrics;
    this.clock = clock;
  }

  void run(List<DecodedFrame> batch) {
    List<DecodedFrame> live = new ArrayList<>(batch.size());
    for (DecodedFrame frame : batch) {
      if (frame.source().revoked()) {
        metrics.dropped(
            DropReason.REVOKED,
            frame.source().key()); // not done: the partition's next owner does it again
      } else {
        live.add(frame);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    metrics.batch(live.size());
    long started = System.nanoTime();
    List<DetectedImage> results;
    try {
      results = detector.detectAndExplain(live.stream().map(DecodedFrame::image).toList());
      if (results == null || results.size() != live.size()) {
        throw new IllegalStateException(
            "the detector returned "
                + (results == null ? "null" : results.size())
                + " results for "
                + live.size()
                + " images");
      }
    } catch (RuntimeException e) {
      // Frames are at-most-once: a batch the detector cannot do is dropped, counted and logged,
      // and the worker goes on with the next one rather than stalling the stream.
      log.warn("event=detector-failed frames={} error=\"{}\"", live.size(), e.toString());
      for (DecodedFrame f : live) {
        metrics.dropped(DropReason.DETECTOR_ERROR, f.source().key());
        f.source().done();
      }
      return;
    }
    // The detector call includes explaining; StageTimings reports the two apart.
    long inferenceNanos =
        System.nanoTime() - started - results.stream().mapToLong(DetectedImage::explainNanos).sum();
    metrics.stage(Stage.INFERENCE, inferenceNanos);
    for (int i = 0; i < live.size(); i++) {
      emit(live.get(i), results.get(i), inferenceNanos, live.size());
    }
  }

  private void emit(DecodedFrame frame, DetectedImage result, long inferenceNanos, int batchSize) {
    List<Detection> detections = result.detections();
    long trackStart = System.nanoTime();
    var envelope = frame.envelope();
    long nowMillis = clock.millis();
    List<TrackedDetection> tracked =
        scoreAlongTracks(
            tracker.update(
                envelope.getCameraId(),
                envelope.getIngestSession(),
                envelope.getSeq(),
                frame.source().ledger(),
                nowMillis,
                detections));
    long end = System.nanoTime();
    long totalNanos = end - frame.source().receivedNanos();
    ExplainedFrame out =
        builder.build(
            frame,
            tracked,
            tracker.nextId(envelope.getCameraId()),
            new ExplainedFrameBuilder.Times(
                frame.queueNanos(),
                frame.decodeNanos(),
                inferenceNanos,
                result.explainNanos(),
                end - trackStart,
                totalNanos,
                batchSize));
    metrics.stage(Stage.QUEUE, frame.queueNanos());
    metrics.stage(Stage.DECODE, frame.decodeNanos());
    if (result.explainNanos() > 0) {
      metrics.stage(Stage.EXPLAIN, result.explainNanos());
    }
    metrics.stage(Stage.TRACK, end - trackStart);
    metrics.stage(Stage.TOTAL, totalNanos);
    long ageMillis = nowMillis - envelope.getCaptureTimeUnixMicros() / 1_000;
    List<WorkerMetrics.Explained> explained = explained(tracked);
    sink.explained(
        out,
        () -> {
          metrics.produced(frame.source().key(), tracked.size(), explained, ageMillis);
          frame.source().done();
        });
  }

  /** Reliability with each object's track history, which only the tracker knows. */
  private List<TrackedDetection> scoreAlongTracks(List<TrackedDetection> tracked) {
    List<TrackedDetection> out = new ArrayList<>(tracked.size());
    for (TrackedDetection t : tracked) {
      out.add(
          new TrackedDetection(
              detector.scoreAlongTrack(t.detection(), t.frames(), t.meanScore()),
              t.trackId(),
              t.frames(),
              t.meanScore()));
    }
    return out;
  }

  /**
   * Each explained detection's method, confidence, class and reliability, as the wire message
   * carries them.
   */
  private static List<WorkerMetrics.Explained> explained(List<TrackedDetection> tracked) {
    List<WorkerMetrics.Explained> out = new ArrayList<>(tracked.size());
    for (TrackedDetection t : tracked) {
      var explanation = t.detection().explanation();
      if (explanation != null) {
        out.add(
            new WorkerMetrics.Explained(
                explanation.method(),
                explanation.quality().confidence(),
                t.detection().label(),
                t.detection().reliability()));
      }
    }
    return out;
  }
}

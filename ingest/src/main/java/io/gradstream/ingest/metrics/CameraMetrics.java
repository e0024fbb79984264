package io.gradstream.ingest.metrics;

import io.gradstream.ingest.capture.CameraState;
import io.gradstream.ingest.capture.CameraStatus;
import io.gradstream.ingest.capture.DropReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exposes one camera's {@link CameraStatus} as meters, labelled by camera id (ids, unlike URLs,
 * carry no credentials). The meters read the status, so counting happens once, in the capture loop.
 * Prometheus names: gradstream_ingest_frames_total, _frames_skipped_total,
 * _frames_dropped_total{reason}, _decode_errors_total, _reconnects_total, gradstream_ingest_fps,
 * gradstream_ingest_camera_state{state}.
 */
public final class CameraMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  private CameraMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the meters of one camera; {@link #close()} removes them when the camera goes. */
  public static CameraMetrics bind(MeterRegistry registry, CameraStatus status) {
    CameraMetrics m = new CameraMetrics(registry);
    Tags camera = Tags.of("camera", status.cameraId());
    m.meters.add(
        FunctionCounter.builder("gradstream.ingest.frames", status, CameraStatus::framesProduced)
            .tags(camera)
            .description("Frames produced to the frames topic")
            .register(registry));
    m.meters.add(
        FunctionCounter.builder(
                "gradstream.ingest.frames.skipped", status, CameraStatus::framesSkipped)
            .tags(camera)
            .description("Frames left out by the frame-rate cap")
            .register(registry));
    for (DropReason reason : DropReason.values()) {
      m.meters.add(
          FunctionCounter.builder(
                  "gradstream.ingest.frames.dropped", status, s -> s.framesDropped(reason))
              .tags(camera.and("reason", reason.label()))
              .description("Frames captured but not delivered to Kafka")
              .register(registry));
    }
    m.meters.add(
        FunctionCounter.builder(
                "gradstream.ingest.decode.errors", status, CameraStatus::decodeErrors)
            .tags(camera)
            .description("Frames that could not be decoded or encoded")
            .register(registry));
    m.meters.add(
        FunctionCounter.builder("gradstream.ingest.reconnects", status, CameraStatus::reconnects)
            .tags(camera)
            .description("Connection attempts after a failure")
            .register(registry));
    m.meters.add(
        Gauge.builder("gradstream.ingest.fps", status, CameraStatus::fps)
            .tags(camera)
            .description("Frames produced per second over the last few seconds")
            .register(registry));
    for (CameraState state : CameraState.values()) {
      m.meters.add(
          Gauge.builder("gradstream.ingest.camera.state", status, s -> s.state() == state ? 1 : 0)
              .tags(camera.and("state", state.name().toLowerCase(Locale.ROOT)))
              .description("1 for the state the camera is in, 0 for the others")
              .register(registry));
    }
    return m;
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}

package io.gradstream.app.runtime;

import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.inference.detect.Detector;
import io.gradstream.inference.worker.InferenceWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference role: loads the detector and runs one {@link InferenceWorker} in the consumer group
 * {@code inference.consumer-group}. Several processes (or runtimes) with this role share the
 * frames.
 */
final class InferenceRole implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InferenceRole.class);

  private final Detector detector;
  private final InferenceWorker worker;

  private InferenceRole(Detector detector, InferenceWorker worker) {
    this.detector = detector;
    this.worker = worker;
  }

  /** Loads the model and starts the worker; the worker joins its group in the background. */
  static InferenceRole start(
      GradstreamConfig config,
      KafkaConnection kafka,
      MeterRegistry meters,
      InferenceBindings bindings,
      Clock clock) {
    Detector detector;
    try {
      detector = bindings.detectors().create(config.inference());
    } catch (StartupException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StartupException(
          "cannot load the detector ("
              + e.getMessage()
              + "): check inference.model and "
              + "inference.labels, or run ./scripts/setup.sh to import the demo model",
          e);
    }
    try {
      InferenceWorker worker =
          InferenceWorker.builder()
              .kafka(kafka)
              .topics(config.kafka().topics())
              .inference(config.inference())
              .maxMessageBytes(config.kafka().maxMessageBytes())
              .detector(detector)
              .jpegDecoder(bindings.jpegDecoder())
              .meterRegistry(meters)
              .clock(clock)
              .start();
      log.info(
          "event=inference-started worker={} model={} labels={}",
          worker.workerId(),
          detector.modelId(),
          detector.labels().size());
      return new InferenceRole(detector, worker);
    } catch (RuntimeException e) {
      detector.close();
      throw e;
    }
  }

  /** Null when ready, else why not. */
  String notReadyReason() {
    return worker.notReadyReason();
  }

  /** This role's worker id, as written into its ExplainedFrames. */
  String workerId() {
    return worker.workerId();
  }

  @Override
  public void close() {
    try {
      worker.close();
    } finally {
      detector.close();
    }
  }
}

package io.gradstream.app.runtime;

import io.gradstream.common.camera.FileRoots;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.ingest.api.CameraRestApi;
import io.gradstream.ingest.camera.CameraSupervisor;
import io.gradstream.ingest.registry.CameraRegistry;
import io.gradstream.ingest.sink.KafkaFrameSink;
import io.gradstream.ingest.source.FfmpegFrameSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest role: camera registry, one capture verticle per camera, the frames producer, the
 * camera API.
 */
final class IngestRole implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestRole.class);
  private static final long RESTORE_TIMEOUT_SECONDS = 60;

  /** Frames failing this long means Kafka is away, not one frame's bad luck: readiness says so. */
  private static final Duration KAFKA_OUTAGE_REPORTED_AFTER = Duration.ofSeconds(3);

  private final KafkaFrameSink sink;
  private final CameraSupervisor supervisor;
  private final CameraRegistry registry;
  private final long stopTimeoutMs;

  private IngestRole(
      KafkaFrameSink sink,
      CameraSupervisor supervisor,
      CameraRegistry registry,
      long stopTimeoutMs) {
    this.sink = sink;
    this.supervisor = supervisor;
    this.registry = registry;
    this.stopTimeoutMs = stopTimeoutMs;
  }

  /**
   * Starts ingest: restores the registry, registers the configured cameras it lacks, mounts the
   * API.
   */
  static IngestRole start(
      GradstreamConfig config,
      KafkaConnection connection,
      Vertx vertx,
      MeterRegistry meters,
      Router router,
      Clock clock)
      throws Exception {
    var kafka = config.kafka();
    KafkaFrameSink sink =
        KafkaFrameSink.create(
            connection, kafka.topics().frames().name(), kafka.maxMessageBytes(), meters);
    FileRoots fileRoots = new FileRoots(config.ingest().fileRoots());
    CameraSupervisor supervisor =
        new CameraSupervisor(
            vertx,
            config.ingest(),
            sink,
            meters,
            s -> new FfmpegFrameSource(s.url(), s.format(), s.readTimeoutMs(), fileRoots),
            clock);
    CameraRegistry registry =
        CameraRegistry.start(
            connection,
            kafka.topics().cameras().name(),
            kafka.topics().deadLetter().name(),
            supervisor,
            meters);
    IngestRole role =
        new IngestRole(sink, supervisor, registry, config.ingest().readTimeoutMs() + 5_000);
    try {
      registry.restored().get(RESTORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      for (CameraConfig camera : config.cameras()) {
        registerFromConfig(registry, camera, clock);
      }
    } catch (Exception e) {
      role.close();
      throw e;
    }
    new CameraRestApi(
            vertx, registry, supervisor, fileRoots, clock, config.http().limits().maxBodyBytes())
        .mount(router);
    log.info("event=ingest-started cameras={}", registry.list().size());
    return role;
  }

  /**
   * Cameras in the config file are declarative: one the registry lacks, or holds with other
   * settings (a changed URL, say), is written; one that already matches is left alone.
   */
  private static void registerFromConfig(CameraRegistry registry, CameraConfig camera, Clock clock)
      throws Exception {
    CameraRegistration wanted = camera.toRegistration(clock.millis());
    var existing = registry.get(camera.id());
    if (existing.isPresent() && sameSettings(existing.get(), wanted)) {
      return;
    }
    registry.put(wanted).get(RESTORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    log.info(
        "camera={} event={}",
        camera.id(),
        existing.isPresent() ? "camera-updated-from-config" : "camera-registered-from-config");
  }

  private static boolean sameSettings(CameraRegistration a, CameraRegistration b) {
    return a.toBuilder()
        .clearRegisteredAtUnixMillis()
        .build()
        .equals(b.toBuilder().clearRegisteredAtUnixMillis().build());
  }

  /** Null when ready, else why not. */
  String notReadyReason() {
    if (!registry.restored().isDone() || registry.restored().isCompletedExceptionally()) {
      return "camera registry not restored";
    }
    String registryTrouble = registry.trouble();
    return registryTrouble != null ? registryTrouble : sink.trouble(KAFKA_OUTAGE_REPORTED_AFTER);
  }

  @Override
  public void close() {
    try {
      supervisor
          .stopAll()
          .toCompletionStage()
          .toCompletableFuture()
          .get(stopTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("event=ingest-stop-incomplete error=\"{}\"", e.toString());
    }
    registry.close();
    sink.close();
  }
}

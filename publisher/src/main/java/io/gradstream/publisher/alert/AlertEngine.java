package io.gradstream.publisher.alert;

import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.alert.kafka.AlertSink;
import io.gradstream.publisher.alert.kafka.KafkaAlertSink;
import io.gradstream.publisher.alert.rule.AlertRules;
import io.gradstream.publisher.alert.snapshot.SnapshotStore;
import io.gradstream.publisher.alert.webhook.WebhookDispatcher;
import io.gradstream.publisher.render.FrameRenderer;
import io.gradstream.publisher.render.RenderOptions;
import io.gradstream.publisher.source.DetectionsListener;
import io.gradstream.publisher.source.FrameLookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert engine: sees every explained frame (a {@link DetectionsListener}), runs the rules with
 * hysteresis and cooldown ({@link AlertEvaluator}), stores a snapshot of each alert's frame, writes
 * the alerts to Kafka and returns only once they are acknowledged, then hands them to the webhooks
 * (asynchronously), the in-memory list and the subscribers ({@link AlertFeed}).
 *
 * <p>At-least-once input is handled here: a frame read again (same camera, session and seq) does
 * not step the rules twice; its alerts, remembered from the first time, are written again if that
 * write had failed, and nothing happens if it had succeeded. Ids are deterministic ({@link
 * AlertId}), so a repeat that does reach Kafka carries the same id. {@link #onDetections} runs on
 * one thread (the publisher's detections reader); {@link #recent} and {@link #subscribe} may be
 * called from any.
 */
public final class AlertEngine implements DetectionsListener, AlertFeed, AutoCloseable {
  /** Alerts kept in memory for {@code GET /api/alerts} and the viewer. */
  public static final int RECENT_CAPACITY = 500;

  /** Frames per camera whose alerts are remembered for repeats. */
  static final int HANDLED_FRAMES_PER_CAMERA = 1_024;

  private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

  /**
   * How long after its capture an alert's frame may still arrive for its snapshot: the frames and
   * detections topics are read apart, so a frame can come a moment after its detections; one
   * captured longer ago (detections read again after a restart) would have come, and is not waited
   * for.
   */
  static final java.time.Duration SNAPSHOT_FRAME_WAIT = java.time.Duration.ofSeconds(2);

  private final AlertEvaluator evaluator;
  private final HandledFrames handled = new HandledFrames(HANDLED_FRAMES_PER_CAMERA);
  private final RecentAlerts recent = new RecentAlerts(RECENT_CAPACITY);
  private final List<Consumer<AlertEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final AlertSink sink;
  private final SnapshotStore snapshots;
  private final RenderOptions snapshotLook;
  private final WebhookDispatcher webhooks;
  private final List<AutoCloseable> owned;
  private final Map<AlertType, Counter> fired = new EnumMap<>(AlertType.class);
  private final Map<AlertType, Counter> suppressed = new EnumMap<>(AlertType.class);
  private final Counter writeFailures;
  private final Counter snapshotFailures;
  private final Counter staleFrames;

  /**
   * An engine over the given parts; it closes none of them except those in {@code owned}.
   *
   * @param config rules, cooldown, idle time
   * @param snapshotLook how snapshots are rendered (heatmaps always on)
   * @param owned parts closed with the engine, in order
   */
  public AlertEngine(
      AlertsConfig config,
      RenderOptions snapshotLook,
      AlertSink sink,
      SnapshotStore snapshots,
      WebhookDispatcher webhooks,
      MeterRegistry meters,
      List<AutoCloseable> owned) {
    this.evaluator =
        new AlertEvaluator(AlertRules.enabledIn(config), config.cooldownMs(), config.trackIdleMs());
    this.sink = sink;
    this.snapshots = snapshots;
    // A snapshot exists to show the map the alert is about, whatever the streams do with heatmaps.
    this.snapshotLook = snapshotLook.withHeatmaps(true);
    this.webhooks = webhooks;
    this.owned = List.copyOf(owned);
    for (AlertType type : AlertType.values()) {
      fired.put(
          type,
          Counter.builder("gradstream.alerts.fired")
              .tag("type", type.wireName())
              .description("Alerts raised and written to Kafka")
              .register(meters));
      suppressed.put(
          type,
          Counter.builder("gradstream.alerts.suppressed")
              .tag("type", type.wireName())
              .description("Episodes that started within the cooldown of the same track and rule")
              .register(meters));
    }
    this.writeFailures =
        Counter.builder("gradstream.alerts.write.failures")
            .description("Times alerts could not be written to Kafka (the frame is read again)")
            .register(meters);
    this.snapshotFailures =
        Counter.builder("gradstream.alerts.snapshot.failures")
            .description("Alerts whose snapshot could not be rendered or stored (sent without one)")
            .register(meters);
    this.staleFrames =
        Counter.builder("gradstream.alerts.stale.frames")
            .description("Frames older than their camera's newest, skipped by the alert engine")
            .register(meters);
  }

  /**
   * The engine as the publisher runs it: a Kafka sink on {@code alertsTopic}, snapshots in the
   * configured directory, the configured webhooks.
   *
   * @throws IOException when the snapshot directory cannot be created
   */
  public static AlertEngine start(
      AlertsConfig config,
      RenderOptions snapshotLook,
      KafkaConnection kafka,
      String alertsTopic,
      MeterRegistry meters)
      throws IOException {
    SnapshotStore snapshots = new SnapshotStore(Path.of(config.snapshotDir()));
    WebhookDispatcher webhooks =
        new WebhookDispatcher(
            config.webhooks(), config.webhookRetry(), config.webhookTargets(), meters);
    KafkaAlertSink sink = new KafkaAlertSink(kafka, alertsTopic, meters);
    log.info(
        "event=alert-engine-started topic={} snapshots={} webhooks={} rules={}",
        alertsTopic,
        Path.of(config.snapshotDir()).toAbsolutePath(),
        config.webhooks().size(),
        AlertRules.enabledIn(config).stream().map(r -> r.type().wireName()).toList());
    return new AlertEngine(
        config, snapshotLook, sink, snapshots, webhooks, meters, List.of(webhooks, sink));
  }

  @Override
  public void onDetections(ExplainedFrame detections, FrameLookup frame) throws Exception {
    HandledFrames.FrameAlerts entry;
    switch (handled.lookup(detections)) {
      case HandledFrames.Repeat repeat when repeat.frame().published -> {
        return;
      }
      case HandledFrames.Repeat repeat -> entry = repeat.frame();
      case HandledFrames.Stale stale -> {
        staleFrames.increment();
        log.debug(
            "camera={} seq={} event=stale-frame-skipped",
            detections.getCameraId(),
            detections.getSeq());
        return;
      }
      case HandledFrames.Fresh fresh ->
          entry = handled.remember(detections, raise(detections, frame));
    }
    if (entry.alerts.isEmpty()) {
      entry.published = true;
      return;
    }
    try {
      sink.write(entry.alerts);
    } catch (Exception e) {
      writeFailures.increment();
      throw e;
    }
    entry.published = true;
    for (AlertEvent event : entry.alerts) {
      publish(event);
    }
  }

  /**
   * Steps the rules with a frame from before the committed offset: its alerts were written before
   * that commit, so the frame is remembered as handled and published, and nothing is written.
   */
  @Override
  public void recall(ExplainedFrame detections) {
    if (handled.lookup(detections) instanceof HandledFrames.Fresh) {
      evaluator.evaluate(detections);
      handled.remember(detections, List.of()).published = true;
    }
  }

  /** Steps the rules with a new frame and turns what they raise into events (with snapshots). */
  private List<AlertEvent> raise(ExplainedFrame detections, FrameLookup frames) {
    AlertEvaluator.Evaluation evaluation = evaluator.evaluate(detections);
    for (RaisedAlert quiet : evaluation.suppressed()) {
      suppressed.get(quiet.type()).increment();
      log.info(
          "camera={} track={} type={} seq={} event=alert-suppressed reason=cooldown",
          detections.getCameraId(),
          quiet.detection().getTrackId(),
          quiet.type().wireName(),
          detections.getSeq());
    }
    List<AlertEvent> events = new ArrayList<>();
    Optional<FrameEnvelope> frame =
        evaluation.raised().isEmpty() ? Optional.empty() : frames.frame(SNAPSHOT_FRAME_WAIT);
    for (RaisedAlert raised : evaluation.raised()) {
      AlertEvent event = AlertEvents.of(detections, raised);
      events.add(
          event.withSnapshotUrl(
              frame
                  .map(f -> snapshot(event.id(), f, detections, raised.detection()))
                  .orElse(null)));
    }
    return events;
  }

  /**
   * Renders and stores the snapshot; its URL, or null when that failed (the alert goes out without
   * one).
   */
  private String snapshot(
      String id, FrameEnvelope frame, ExplainedFrame detections, Detection alerting) {
    try {
      // Only the alerting track, so the snapshot shows the map the alert is about.
      ExplainedFrame only =
          detections.toBuilder().clearDetections().addDetections(alerting).build();
      return snapshots.save(
          id, FrameRenderer.renderJpeg(frame.getData().toByteArray(), only, snapshotLook));
    } catch (IOException | RuntimeException e) {
      snapshotFailures.increment();
      log.warn(
          "camera={} alert={} event=snapshot-failed error=\"{}\"",
          detections.getCameraId(),
          id,
          e.toString());
      return null;
    }
  }

  private void publish(AlertEvent event) {
    fired.get(AlertType.fromWireName(event.type())).increment();
    log.info(
        "camera={} track={} type={} seq={} alert={} event=alert-raised reason=\"{}\"",
        event.cameraId(),
        event.trackId(),
        event.type(),
        event.seq(),
        event.id(),
        event.reason());
    recent.add(event);
    webhooks.dispatch(event);
    for (Consumer<AlertEvent> subscriber : subscribers) {
      try {
        subscriber.accept(event);
      } catch (RuntimeException e) {
        log.warn("alert={} event=alert-subscriber-failed error=\"{}\"", event.id(), e.toString());
      }
    }
  }

  @Override
  public List<AlertEvent> recent(int max) {
    return recent.newest(max);
  }

  @Override
  public AutoCloseable subscribe(Consumer<AlertEvent> listener) {
    subscribers.add(listener);
    return () -> subscribers.remove(listener);
  }

  /** Where the snapshots are (for the HTTP routes). */
  public SnapshotStore snapshots() {
    return snapshots;
  }

  @Override
  public void close() {
    for (AutoCloseable part : owned) {
      try {
        part.close();
      } catch (Exception e) {
        log.warn(
            "event=alert-engine-close-failed part={} error=\"{}\"",
            part.getClass().getSimpleName(),
            e.toString());
      }
    }
  }
}

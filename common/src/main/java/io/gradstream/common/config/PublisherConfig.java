package io.gradstream.common.config;

/**
 * The publisher role: joins frames with their detections, serves the live viewer and the annotated
 * streams, and raises alerts.
 *
 * @param consumerGroup Kafka consumer group of the publishers (detections are read at least once)
 * @param firstStartLookbackMs a detections partition the group has never committed on (its first
 *     start) is read from this far back, so the alerts of detections written before it are raised;
 *     0 starts it at the end
 * @param joinBufferFrames frames held per camera while their detections are on the way
 * @param joinTimeoutMs a frame whose detections have not come after this long is shown without them
 * @param render how annotated frames look
 * @param republish where annotated streams are pushed besides the viewer and MJPEG
 * @param alerts rules, snapshots and webhooks of the alert engine
 */
public record PublisherConfig(
    String consumerGroup,
    long firstStartLookbackMs,
    int joinBufferFrames,
    long joinTimeoutMs,
    RenderConfig render,
    RepublishConfig republish,
    AlertsConfig alerts) {

  /** The same settings with {@code alerts} instead. */
  public PublisherConfig withAlerts(AlertsConfig alerts) {
    return new PublisherConfig(
        consumerGroup,
        firstStartLookbackMs,
        joinBufferFrames,
        joinTimeoutMs,
        render,
        republish,
        alerts);
  }
}

package io.gradstream.publisher.alert;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One alert as it goes to the alerts topic, the webhooks and {@code GET /api/alerts}: JSON with
 * snake_case keys (docs/ALERTS.md has an example).
 *
 * @param id deterministic: {@link AlertId} of camera, session, track, type and episode start
 * @param type {@code low-confidence}, {@code wrong-reasons} or {@code class-flip}
 * @param cameraId the camera
 * @param ingestSession the ingest session the frame belongs to (seq and track ids are per session)
 * @param trackId the track
 * @param seq the frame that raised the alert (the episode's k-th bad frame)
 * @param episodeStartSeq the episode's first bad frame
 * @param time the capture time of frame {@code seq}, ISO-8601 UTC
 * @param timeUnixMicros the same, in microseconds since the epoch
 * @param modelId the detector that produced the frame's detections
 * @param detection the track's detection in frame {@code seq}
 * @param quality its explanation quality (zeros when the frame carried none)
 * @param reason what was seen, with the numbers, for a person
 * @param snapshotUrl relative URL of the frame with the heatmap ({@code /snapshots/<id>.jpg}); null
 *     when the publisher no longer held the frame
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertEvent(
    String id,
    String type,
    String cameraId,
    String ingestSession,
    long trackId,
    long seq,
    long episodeStartSeq,
    String time,
    long timeUnixMicros,
    String modelId,
    DetectionSummary detection,
    QualitySummary quality,
    String reason,
    String snapshotUrl) {

  /**
   * The detection an alert is about.
   *
   * @param label class name
   * @param classId class index
   * @param score detector score
   * @param box in source pixels
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DetectionSummary(String label, int classId, float score, BoxSummary box) {}

  /** A box in source pixels: top-left (x1, y1), bottom-right (x2, y2). */
  public record BoxSummary(float x1, float y1, float x2, float y2) {}

  /**
   * The explanation quality (docs/EXPLANATIONS.md), each in [0, 1].
   *
   * @param energyInBox share of the map's energy inside the box
   * @param concentration 1 for one peak, 0 for a flat map
   * @param confidence energy in the box beyond chance, damped for diffuse maps
   * @param reliability the probability that the detection is correct; absent when the worker has no
   *     reliability model
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record QualitySummary(
      float energyInBox, float concentration, float confidence, Float reliability) {
    /** A summary without a reliability. */
    public QualitySummary(float energyInBox, float concentration, float confidence) {
      this(energyInBox, concentration, confidence, null);
    }
  }

  /** This event as the JSON that is published (compact, UTF-8 when sent). */
  public String toJson() {
    return AlertJson.write(this);
  }

  /** The same event with its snapshot URL set (or cleared with null). */
  public AlertEvent withSnapshotUrl(String url) {
    return new AlertEvent(
        id,
        type,
        cameraId,
        ingestSession,
        trackId,
        seq,
        episodeStartSeq,
        time,
        timeUnixMicros,
        modelId,
        detection,
        quality,
        reason,
        url);
  }
}

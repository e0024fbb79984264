package io.gradstream.inference.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.metrics.BoundedLabel;
import io.gradstream.inference.worker.metrics.WorkerMetrics.Explained;
import io.gradstream.inference.worker.metrics.WorkerMetrics.Stage;
import io.gradstream.inference.worker.pipeline.DropReason;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's meters as Prometheus scrapes them: names, labels, buckets. */
class WorkerMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final WorkerMetrics metrics = new WorkerMetrics(registry);

  @AfterEach
  void close() {
    metrics.close();
    registry.close();
  }

  @Test
  void aRecordsKafkaHopIsTheKafkaStageInSeconds() {
    metrics.kafkaHop(3_000);
    assertThat(registry.scrape())
        .contains("gradstream_inference_stage_latency_seconds_count{stage=\"kafka\"} 1")
        .contains("gradstream_inference_stage_latency_seconds_sum{stage=\"kafka\"} 0.003")
        .contains(
            "gradstream_inference_stage_latency_seconds_bucket{stage=\"kafka\",le=\"0.005\"} 1");
  }

  @Test
  void framesInOutDetectionsAndDropsAreLabelledByCamera() {
    metrics.frameIn("gate");
    metrics.frameIn("gate");
    metrics.frameIn("lobby");
    metrics.produced("gate", 3, List.of(), 40);
    metrics.dropped(DropReason.STALE, "lobby");
    metrics.dropped(DropReason.UNDECODABLE, null);

    String scrape = registry.scrape();
    assertThat(value(scrape, "gradstream_inference_frames_total{camera=\"gate\"}")).isEqualTo(2);
    assertThat(value(scrape, "gradstream_inference_frames_total{camera=\"lobby\"}")).isEqualTo(1);
    assertThat(value(scrape, "gradstream_inference_frames_out_total{camera=\"gate\"}"))
        .isEqualTo(1);
    assertThat(value(scrape, "gradstream_inference_detections_total{camera=\"gate\"}"))
        .isEqualTo(3);
    assertThat(
            value(
                scrape,
                "gradstream_inference_frames_dropped_total{camera=\"lobby\",reason=\"stale\"}"))
        .isEqualTo(1);
    assertThat(
            value(
                scrape,
                "gradstream_inference_frames_dropped_total{camera=\"unknown\",reason=\"undecodable\"}"))
        .as("a record without a key is camera unknown")
        .isEqualTo(1);
    assertThat(
            value(
                scrape,
                "gradstream_inference_frames_dropped_total{camera=\"gate\",reason=\"backpressure\"}"))
        .as("every reason of a camera is there from its first frame")
        .isEqualTo(0);
  }

  @Test
  void cameraIdsPastTheCapShareTheLabelOther() {
    for (int i = 0; i < BoundedLabel.MAX_CAMERAS + 50; i++) {
      metrics.frameIn("camera-" + i);
    }

    String scrape = registry.scrape();
    long series =
        scrape.lines().filter(l -> l.startsWith("gradstream_inference_frames_total{")).count();
    assertThat(series).isEqualTo(BoundedLabel.MAX_CAMERAS + 1);
    assertThat(value(scrape, "gradstream_inference_frames_total{camera=\"other\"}")).isEqualTo(50);
    assertThat(value(scrape, "gradstream_inference_frames_total{camera=\"camera-0\"}"))
        .isEqualTo(1);
  }

  @Test
  void latenciesFrameAgeAndBatchSizeAreHistogramsWithBucketsForVideo() {
    metrics.stage(Stage.INFERENCE, 130_000_000L);
    metrics.produced("gate", 0, List.of(), 450);
    metrics.batch(3);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("# TYPE gradstream_inference_stage_latency_seconds histogram")
        .contains("# TYPE gradstream_inference_frame_age_seconds histogram")
        .contains("# TYPE gradstream_inference_batch_size histogram");
    assertThat(
            value(
                scrape,
                "gradstream_inference_stage_latency_seconds_bucket{stage=\"inference\",le=\"0.1\"}"))
        .isEqualTo(0);
    assertThat(
            value(
                scrape,
                "gradstream_inference_stage_latency_seconds_bucket{stage=\"inference\",le=\"0.2\"}"))
        .isEqualTo(1);
    assertThat(
            value(
                scrape,
                "gradstream_inference_stage_latency_seconds_bucket{stage=\"queue\",le=\"0.001\"}"))
        .isEqualTo(0);
    assertThat(
            value(
                scrape,
                "gradstream_inference_stage_latency_seconds_bucket{stage=\"total\",le=\"10.0\"}"))
        .isEqualTo(0);
    assertThat(value(scrape, "gradstream_inference_frame_age_seconds_bucket{le=\"0.3\"}"))
        .isEqualTo(0);
    assertThat(value(scrape, "gradstream_inference_frame_age_seconds_bucket{le=\"0.5\"}"))
        .isEqualTo(1);
    assertThat(value(scrape, "gradstream_inference_batch_size_bucket{le=\"2.0\"}")).isEqualTo(0);
    assertThat(value(scrape, "gradstream_inference_batch_size_bucket{le=\"3.0\"}")).isEqualTo(1);
    assertThat(value(scrape, "gradstream_inference_batch_size_bucket{le=\"16.0\"}")).isEqualTo(1);
  }

  @Test
  void theExplanationConfidenceHistogramTakesOneObservationPerExplainedDetectionIn005Steps() {
    metrics.produced(
        "gate",
        3,
        List.of(
            new Explained("gradcam", 0.12, "person", Double.NaN),
            new Explained("gradcam", 0.93, "person", Double.NaN),
            new Explained("gradcam", 0.97, "car", Double.NaN)),
        10);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("# TYPE gradstream_inference_explanation_confidence_ratio histogram");
    String bucket =
        "gradstream_inference_explanation_confidence_ratio_bucket{method=\"gradcam\",le=\"%s\"}";
    assertThat(value(scrape, bucket.formatted("0.1"))).isEqualTo(0);
    assertThat(value(scrape, bucket.formatted("0.15"))).isEqualTo(1);
    assertThat(value(scrape, bucket.formatted("0.95"))).isEqualTo(2);
    assertThat(value(scrape, bucket.formatted("1.0"))).isEqualTo(3);
    assertThat(
            value(
                scrape,
                "gradstream_inference_explanation_confidence_ratio_count{method=\"gradcam\"}"))
        .isEqualTo(3);
  }

  @Test
  void theReliabilityHistogramIsPerClassAndSkipsDetectionsWithoutAReliabilityScore() {
    metrics.produced(
        "gate",
        4,
        List.of(
            new Explained("hirescam", 0.5, "person", 0.92),
            new Explained("hirescam", 0.5, "person", 0.31),
            new Explained("hirescam", 0.5, "tie", 0.04),
            new Explained("hirescam", 0.5, "car", Double.NaN)),
        10);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("# TYPE gradstream_inference_detection_reliability_ratio histogram");
    String person =
        "gradstream_inference_detection_reliability_ratio_bucket{class=\"person\",le=\"%s\"}";
    assertThat(value(scrape, person.formatted("0.3"))).isEqualTo(0);
    assertThat(value(scrape, person.formatted("0.35"))).isEqualTo(1);
    assertThat(value(scrape, person.formatted("0.95"))).isEqualTo(2);
    assertThat(
            value(scrape, "gradstream_inference_detection_reliability_ratio_count{class=\"tie\"}"))
        .isEqualTo(1);
    assertThat(scrape)
        .doesNotContain("gradstream_inference_detection_reliability_ratio_count{class=\"car\"}");
  }

  @Test
  void theLagGaugeShowsTheLastLagTheConsumerReported() {
    metrics.lag(42);
    assertThat(value(registry.scrape(), "gradstream_inference_consumer_lag_records")).isEqualTo(42);
    metrics.lag(0);
    assertThat(value(registry.scrape(), "gradstream_inference_consumer_lag_records")).isEqualTo(0);
  }

  @Test
  void closingRemovesEveryMeterSoARestartedWorkerStartsAfresh() {
    metrics.frameIn("gate");
    metrics.produced("gate", 1, List.of(new Explained("gradcam", 0.5, "person", 0.5)), 10);
    metrics.close();
    assertThat(registry.scrape()).doesNotContain("gradstream_inference");
  }

  /** The value of the sample named exactly {@code series} (name and labels). */
  static double value(String scrape, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
    assertThat(m.find())
        .as(
            "series %s in the scrape:%n%s",
            series,
            scrape
                .lines()
                .filter(l -> l.startsWith(series.substring(0, Math.max(1, series.indexOf('{')))))
                .toList())
        .isTrue();
    return Double.parseDouble(m.group(1));
  }
}

package io.gradstream.publisher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.common.metrics.BoundedLabel;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.alert.AlertEngine;
import io.gradstream.publisher.alert.snapshot.SnapshotStore;
import io.gradstream.publisher.alert.webhook.WebhookDispatcher;
import io.gradstream.publisher.join.FrameJoiner;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.render.RenderOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher's meters as Prometheus scrapes them, fed by a real joiner and live feed. */
class PublisherMetricsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PublisherMetrics metrics =
      new PublisherMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));
  private final AtomicLong nanos = new AtomicLong();
  private final LiveFeed feed = new LiveFeed(RenderOptions.defaults(), nanos::get, metrics);
  private final FrameJoiner joiner = new FrameJoiner(2, 500, nanos::get, feed::publish, metrics);

  private static FrameEnvelope frame(String camera, long seq, long ageMillis) {
    return FrameEnvelope.newBuilder()
        .setCameraId(camera)
        .setSeq(seq)
        .setIngestSession("s-" + camera)
        .setCaptureTimeUnixMicros((NOW.toEpochMilli() - ageMillis) * 1_000)
        .build();
  }

  private static ExplainedFrame detections(FrameEnvelope f) {
    return ExplainedFrame.newBuilder()
        .setCameraId(f.getCameraId())
        .setSeq(f.getSeq())
        .setIngestSession(f.getIngestSession())
        .setCaptureTimeUnixMicros(f.getCaptureTimeUnixMicros())
        .build();
  }

  @Test
  void joinOutcomesAndGlassToGlassAreLabelledByCamera() {
    metrics.timeGlassToGlass(feed);
    FrameEnvelope gate1 = frame("gate", 1, 120);
    joiner.onFrame(gate1);
    joiner.onDetections(detections(gate1));
    FrameEnvelope lobby1 = frame("lobby", 1, 800);
    joiner.onFrame(lobby1);
    nanos.set(1_000_000_000L); // past the 500 ms join timeout
    joiner.expire();

    String scrape = registry.scrape();
    assertThat(
            value(scrape, "gradstream_publisher_frames_total{camera=\"gate\",outcome=\"joined\"}"))
        .isEqualTo(1);
    assertThat(value(scrape, "gradstream_publisher_frames_total{camera=\"gate\",outcome=\"late\"}"))
        .isEqualTo(0);
    assertThat(
            value(
                scrape,
                "gradstream_publisher_frames_total{camera=\"lobby\",outcome=\"without_detections\"}"))
        .isEqualTo(1);
    assertThat(scrape).contains("# TYPE gradstream_publisher_glass_to_glass_seconds histogram");
    assertThat(
            value(
                scrape,
                "gradstream_publisher_glass_to_glass_seconds_bucket{camera=\"gate\",le=\"0.1\"}"))
        .isEqualTo(0);
    assertThat(
            value(
                scrape,
                "gradstream_publisher_glass_to_glass_seconds_bucket{camera=\"gate\",le=\"0.15\"}"))
        .isEqualTo(1);
    assertThat(
            value(
                scrape,
                "gradstream_publisher_glass_to_glass_seconds_bucket{camera=\"lobby\",le=\"0.75\"}"))
        .isEqualTo(0);
    assertThat(
            value(
                scrape,
                "gradstream_publisher_glass_to_glass_seconds_bucket{camera=\"lobby\",le=\"1.0\"}"))
        .isEqualTo(1);
  }

  @Test
  void cameraIdsPastTheCapShareTheLabelOther() {
    for (int i = 0; i <= BoundedLabel.MAX_CAMERAS; i++) {
      metrics.counted("camera-" + i, io.gradstream.publisher.join.JoinOutcome.JOINED);
    }
    String scrape = registry.scrape();
    assertThat(
            value(scrape, "gradstream_publisher_frames_total{camera=\"other\",outcome=\"joined\"}"))
        .isEqualTo(1);
    assertThat(
            scrape
                .lines()
                .filter(
                    l ->
                        l.startsWith("gradstream_publisher_frames_total{") && l.contains("joined")))
        .hasSize(BoundedLabel.MAX_CAMERAS + 1);
  }

  @Test
  void renderingAndPublishingAFrameAreTimedAsStages() throws Exception {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", jpeg);
    FrameEnvelope f =
        frame("gate", 1, 50).toBuilder()
            .setWidth(64)
            .setHeight(48)
            .setData(ByteString.copyFrom(jpeg.toByteArray()))
            .build();
    joiner.onFrame(f);
    joiner.onDetections(detections(f));
    byte[] annotated = feed.newest("gate").orElseThrow().annotatedJpeg();
    feed.newest("gate").orElseThrow().annotatedJpeg(); // rendered once, however often asked for

    assertThat(annotated).isNotEmpty();
    String scrape = registry.scrape();
    assertThat(scrape).contains("# TYPE gradstream_publisher_stage_latency_seconds histogram");
    assertThat(value(scrape, "gradstream_publisher_stage_latency_seconds_count{stage=\"render\"}"))
        .isEqualTo(1);
    assertThat(value(scrape, "gradstream_publisher_stage_latency_seconds_count{stage=\"publish\"}"))
        .isEqualTo(1);
    assertThat(
            value(
                scrape,
                "gradstream_publisher_stage_latency_seconds_bucket{stage=\"render\",le=\"+Inf\"}"))
        .isEqualTo(1);
  }

  @Test
  void everyAlertTypeAndWebhookOutcomeIsScrapedAtZeroBeforeAnythingHappens(@TempDir Path dir)
      throws Exception {
    AlertsConfig config =
        new AlertsConfig(
            60_000,
            30_000,
            dir.toString(),
            new LowConfidenceRuleConfig(true, 0.2, 5, 5),
            new WrongReasonsRuleConfig(true, 0.6, 0.3, 3, 3),
            new ClassFlipRuleConfig(true, 3),
            new BackoffConfig(100, 1_000, 2, 0),
            List.of());
    try (AlertEngine engine =
        new AlertEngine(
            config,
            RenderOptions.defaults(),
            events -> {},
            new SnapshotStore(dir),
            new WebhookDispatcher(
                List.of(), config.webhookRetry(), config.webhookTargets(), registry),
            registry,
            List.of())) {
      String scrape = registry.scrape();
      for (String type : List.of("low-confidence", "wrong-reasons", "class-flip")) {
        assertThat(value(scrape, "gradstream_alerts_fired_total{type=\"" + type + "\"}"))
            .isEqualTo(0);
      }
      for (String outcome : List.of("delivered", "rejected", "gave-up", "abandoned", "refused")) {
        assertThat(
                value(scrape, "gradstream_webhook_deliveries_total{outcome=\"" + outcome + "\"}"))
            .isEqualTo(0);
      }
      assertThat(scrape)
          .contains("gradstream_webhook_attempt_failures_total{reason=\"timeout\"} 0");
    }
  }

  /** The value of the sample named exactly {@code series} (name and labels). */
  private static double value(String scrape, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
    assertThat(m.find()).as("series %s in the scrape", series).isTrue();
    return Double.parseDouble(m.group(1));
  }
}

package io.gradstream.publisher.alert;

import static io.gradstream.publisher.alert.Frames.dog;
import static io.gradstream.publisher.alert.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.common.config.AlertsConfig;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.ClassFlipRuleConfig;
import io.gradstream.common.config.LowConfidenceRuleConfig;
import io.gradstream.common.config.WrongReasonsRuleConfig;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.publisher.alert.snapshot.SnapshotStore;
import io.gradstream.publisher.alert.webhook.WebhookDispatcher;
import io.gradstream.publisher.render.RenderOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's handling of at-least-once input: repeats, failed writes, and what reaches the feed.
 */
class AlertEngineTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /**
   * What the sink was asked to write, batch by batch; it fails while {@link #failWrites} is set.
   */
  private final List<List<AlertEvent>> writes = new ArrayList<>();

  private boolean failWrites;
  private AlertEngine engine;

  private AlertEngine engine() throws Exception {
    AlertsConfig config =
        new AlertsConfig(
            60_000,
            30_000,
            dir.toString(),
            new LowConfidenceRuleConfig(false, 0.2, 5, 5),
            new WrongReasonsRuleConfig(true, 0.6, 0.3, 3, 3),
            new ClassFlipRuleConfig(false, 3),
            new BackoffConfig(100, 1_000, 2, 0),
            List.of());
    engine =
        new AlertEngine(
            config,
            RenderOptions.defaults(),
            events -> {
              writes.add(events);
              if (failWrites) {
                throw new IllegalStateException("broker unreachable");
              }
            },
            new SnapshotStore(dir),
            new WebhookDispatcher(
                List.of(), config.webhookRetry(), config.webhookTargets(), meters),
            meters,
            List.of());
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) engine.close();
  }

  private static ExplainedFrame bad(long seq) {
    return frame("yard", seq, dog(7, 0.05f));
  }

  @Test
  void aFrameReadTwiceDoesNotAdvanceTheEpisode() throws Exception {
    AlertEngine e = engine();
    e.onDetections(bad(1), Optional.empty());
    e.onDetections(bad(1), Optional.empty());
    e.onDetections(bad(1), Optional.empty());
    assertThat(writes).isEmpty();

    e.onDetections(bad(2), Optional.empty());
    e.onDetections(bad(3), Optional.empty());
    assertThat(writes).hasSize(1);
    assertThat(e.recent(10)).hasSize(1);
  }

  @Test
  void aFailedWriteIsRetriedWithTheSameAlertWhenTheFrameIsReadAgain() throws Exception {
    AlertEngine e = engine();
    e.onDetections(bad(1), Optional.empty());
    e.onDetections(bad(2), Optional.empty());
    failWrites = true;
    assertThatThrownBy(() -> e.onDetections(bad(3), Optional.empty()))
        .hasMessageContaining("broker unreachable");
    assertThat(e.recent(10)).as("nothing is published before Kafka has it").isEmpty();

    failWrites = false;
    e.onDetections(bad(3), Optional.empty());

    assertThat(writes).hasSize(2);
    assertThat(writes.get(1)).isEqualTo(writes.get(0));
    assertThat(e.recent(10)).containsExactlyElementsOf(writes.get(1));
    assertThat(meters.get("gradstream.alerts.write.failures").counter().count()).isEqualTo(1);
    assertThat(meters.get("gradstream.alerts.fired").tag("type", "wrong-reasons").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aFrameReadAgainAfterItsAlertWasWrittenWritesNothingMore() throws Exception {
    AlertEngine e = engine();
    List<AlertEvent> seen = new ArrayList<>();
    e.subscribe(seen::add);
    for (long seq = 1; seq <= 3; seq++) {
      e.onDetections(bad(seq), Optional.empty());
    }
    e.onDetections(bad(3), Optional.empty());

    assertThat(writes).hasSize(1);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).snapshotUrl()).as("no frame held, no snapshot").isNull();
  }

  @Test
  void anAlertWaitsForAFrameThatIsNotHeldYetAndItsSnapshotIsTaken() throws Exception {
    AlertEngine e = engine();
    List<java.time.Duration> asked = new ArrayList<>();
    io.gradstream.common.wire.FrameEnvelope jpeg =
        io.gradstream.common.wire.FrameEnvelope.newBuilder()
            .setCameraId("yard")
            .setSeq(3)
            .setData(com.google.protobuf.ByteString.copyFrom(greyJpeg(640, 480)))
            .build();
    for (long seq = 1; seq <= 3; seq++) {
      e.onDetections(
          bad(seq),
          wait -> {
            asked.add(wait);
            // The frame arrives only to a caller that waits for it.
            return wait.isPositive() ? Optional.of(jpeg) : Optional.empty();
          });
    }
    assertThat(asked)
        .as("only the frame that raised an alert is looked for, with a wait")
        .containsExactly(AlertEngine.SNAPSHOT_FRAME_WAIT);
    assertThat(e.recent(10))
        .singleElement()
        .satisfies(a -> assertThat(a.snapshotUrl()).isNotNull());
    assertThat(dir.resolve(e.recent(10).get(0).id() + ".jpg")).isRegularFile();
  }

  private static byte[] greyJpeg(int width, int height) throws java.io.IOException {
    var image =
        new java.awt.image.BufferedImage(
            width, height, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  @Test
  void anUnsubscribedListenerHearsNoMore() throws Exception {
    AlertEngine e = engine();
    List<AlertEvent> seen = new ArrayList<>();
    AutoCloseable subscription = e.subscribe(seen::add);
    subscription.close();
    for (long seq = 1; seq <= 3; seq++) {
      e.onDetections(bad(seq), Optional.empty());
    }
    assertThat(seen).isEmpty();
    assertThat(e.recent(10)).hasSize(1);
  }

  @Test
  void aFrameOlderThanItsCamerasNewestIsSkipped() throws Exception {
    AlertEngine e = engine();
    e.onDetections(bad(5), Optional.empty());
    e.onDetections(bad(6), Optional.empty());
    e.onDetections(frame("yard", 7, dog(7, 0.9f)), Optional.empty());
    // seq 4 arrives late and was never handled: it must not complete an episode out of order.
    e.onDetections(bad(4), Optional.empty());
    assertThat(writes).isEmpty();
    assertThat(meters.get("gradstream.alerts.stale.frames").counter().count()).isEqualTo(1);
  }
}

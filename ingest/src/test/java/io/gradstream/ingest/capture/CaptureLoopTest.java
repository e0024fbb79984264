package io.gradstream.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.camera.FileRoots;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.common.wire.FrameEncoding;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.ingest.source.FfmpegFrameSource;
import io.gradstream.ingest.source.TestFootage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureLoopTest {
  private static final RetryPolicy<Throwable> FAST_BACKOFF =
      RetryPolicies.cameraReconnect(new BackoffConfig(50, 200, 2, 0));

  private static CaptureLoop loop(
      CameraSettings settings, CollectingSink sink, CameraStatus status) {
    return loop(settings, sink, status, TestFootage.roots());
  }

  private static CaptureLoop loop(
      CameraSettings settings, CollectingSink sink, CameraStatus status, FileRoots roots) {
    return new CaptureLoop(
        settings,
        () ->
            new FfmpegFrameSource(
                settings.url(), settings.format(), settings.readTimeoutMs(), roots),
        sink,
        FAST_BACKOFF,
        status,
        Clock.systemUTC());
  }

  @Test
  void fileWithoutLoopProducesEveryFrameInOrderThenFinishes(@TempDir Path dir) throws Exception {
    Path clip = TestFootage.clip(dir, 12);
    CameraSettings settings =
        new CameraSettings("clip", CameraUrl.parse(clip.toString()), 30, 80, false, "", 2_000);
    CollectingSink sink = new CollectingSink();
    CameraStatus status = new CameraStatus("clip", Clock.systemUTC());

    loop(settings, sink, status).run(); // returns at the end of the file

    assertThat(status.state()).isEqualTo(CameraState.FINISHED);
    List<FrameEnvelope> frames = sink.frames;
    assertThat(frames).hasSize(12);
    for (int i = 0; i < frames.size(); i++) {
      FrameEnvelope f = frames.get(i);
      assertThat(f.getCameraId()).isEqualTo("clip");
      assertThat(f.getSeq()).isEqualTo(i + 1);
      assertThat(f.getEncoding()).isEqualTo(FrameEncoding.FRAME_ENCODING_JPEG);
      if (i > 0) {
        assertThat(f.getCaptureTimeUnixMicros())
            .isGreaterThan(frames.get(i - 1).getCaptureTimeUnixMicros());
      }
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(f.getData().toByteArray()));
      assertThat(image.getWidth()).isEqualTo(768);
      assertThat(image.getHeight()).isEqualTo(576);
    }
    assertThat(status.framesProduced()).isEqualTo(12);
    // Paced like a live 10 fps camera, not decoded as fast as possible: 11 intervals of 100 ms.
    // Only a
    // lower bound, since a loaded machine may stall and then catch up.
    long spanMicros =
        frames.get(11).getCaptureTimeUnixMicros() - frames.get(0).getCaptureTimeUnixMicros();
    assertThat(spanMicros).isGreaterThanOrEqualTo(1_000_000L);
  }

  @Test
  void loopingFileStartsAgainAndKeepsTheSequenceGoing(@TempDir Path dir) throws Exception {
    Path clip = TestFootage.clip(dir, 5);
    CameraSettings settings =
        new CameraSettings("loop", CameraUrl.parse(clip.toString()), 30, 80, true, "", 2_000);
    CollectingSink sink = new CollectingSink();
    CameraStatus status = new CameraStatus("loop", Clock.systemUTC());
    CaptureLoop loop = loop(settings, sink, status);
    Thread thread = new Thread(loop);
    thread.start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (sink.frames.size() < 12 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    loop.stop();
    thread.join(5_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(sink.frames.size()).isGreaterThanOrEqualTo(12);
    assertThat(sink.frames).extracting(FrameEnvelope::getSeq).isSorted().doesNotHaveDuplicates();
    assertThat(status.state()).isEqualTo(CameraState.STOPPED);
  }

  @Test
  void frameRateCapThinsTheStream(@TempDir Path dir) throws Exception {
    Path clip = TestFootage.clip(dir, 20); // 2 s at 10 fps
    CameraSettings settings =
        new CameraSettings("capped", CameraUrl.parse(clip.toString()), 2.5, 80, false, "", 2_000);
    CollectingSink sink = new CollectingSink();
    CameraStatus status = new CameraStatus("capped", Clock.systemUTC());

    loop(settings, sink, status).run();

    assertThat(sink.frames.size()).isBetween(4, 6);
    assertThat(status.framesSkipped()).isEqualTo(20 - sink.frames.size());
  }

  @Test
  void jpegQualityChangesTheFrameSize(@TempDir Path dir) throws Exception {
    Path clip = TestFootage.clip(dir, 3);
    CollectingSink low = new CollectingSink();
    CollectingSink high = new CollectingSink();
    loop(
            new CameraSettings("q", CameraUrl.parse(clip.toString()), 30, 30, false, "", 2_000),
            low,
            new CameraStatus("q", Clock.systemUTC()))
        .run();
    loop(
            new CameraSettings("q", CameraUrl.parse(clip.toString()), 30, 95, false, "", 2_000),
            high,
            new CameraStatus("q", Clock.systemUTC()))
        .run();
    assertThat(high.frames.get(0).getData().size())
        .isGreaterThan(2 * low.frames.get(0).getData().size());
  }

  @Test
  void missingFileFailsWithoutRetrying() {
    CameraSettings settings =
        new CameraSettings(
            "gone", CameraUrl.parse("/nonexistent/gone.mp4"), 10, 80, true, "", 2_000);
    CameraStatus status = new CameraStatus("gone", Clock.systemUTC());
    loop(settings, new CollectingSink(), status).run();
    assertThat(status.state()).isEqualTo(CameraState.FAILED);
    assertThat(status.snapshot().lastError()).contains("file not found");
    assertThat(status.reconnects()).isZero();
  }

  @Test
  void aLoopingFileSwappedForALinkOutOfTheRootsIsRefusedWhenReopenedAndTheCameraFails(
      @TempDir Path dir) throws Exception {
    Path videos = Files.createDirectories(dir.resolve("videos"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path clip = TestFootage.clip(videos, 5);
    Path elsewhere = Files.copy(clip, outside.resolve("elsewhere.mp4"));
    CameraSettings settings =
        new CameraSettings("swap", CameraUrl.parse(clip.toString()), 30, 80, true, "", 2_000);
    CollectingSink sink = new CollectingSink();
    CameraStatus status = new CameraStatus("swap", Clock.systemUTC());
    CaptureLoop loop = loop(settings, sink, status, new FileRoots(List.of(videos.toString())));
    Thread thread = new Thread(loop);
    thread.start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (sink.frames.size() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sink.frames)
        .as("the camera streamed from inside the root")
        .hasSizeGreaterThanOrEqualTo(2);

    // The registration was checked long ago; the file is now a link leading out of the root.
    Files.delete(clip);
    Files.createSymbolicLink(clip, elsewhere);
    thread.join(10_000);

    assertThat(thread.isAlive()).as("the loop ended at the reopen").isFalse();
    assertThat(status.state()).isEqualTo(CameraState.FAILED);
    assertThat(status.snapshot().lastError())
        .contains("outside ingest.file-roots")
        .contains(elsewhere.toRealPath().toString());
    assertThat(sink.frames.size())
        .as("at most one pass of the clip was read")
        .isLessThanOrEqualTo(10);
  }
}

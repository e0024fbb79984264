package io.gradstream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.camera.FileRoots;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegFrameSourceTest {

  @Test
  void decodesRealFootageToBgrFramesWithIncreasingTimestamps() throws Exception {
    try (FfmpegFrameSource source =
        new FfmpegFrameSource(
            CameraUrl.parse(TestFootage.vtest().toString()), null, 5_000, TestFootage.roots())) {
      source.open();
      assertThat(source.declaredFrameRate()).isEqualTo(10.0);
      long previousPts = -1;
      for (int i = 0; i < 20; i++) {
        GrabbedFrame frame = source.grab();
        assertThat(frame).isNotNull();
        assertThat(frame.width()).isEqualTo(768);
        assertThat(frame.height()).isEqualTo(576);
        assertThat(frame.image().imageChannels).isEqualTo(3);
        assertThat(frame.ptsMicros()).isGreaterThan(previousPts);
        previousPts = frame.ptsMicros();
      }
    }
  }

  @Test
  void endOfFileIsNullNotAnError(@TempDir Path dir) throws Exception {
    Path clip = TestFootage.clip(dir, 5);
    try (FfmpegFrameSource source =
        new FfmpegFrameSource(
            CameraUrl.parse("file://" + clip), null, 5_000, TestFootage.roots())) {
      source.open();
      int frames = 0;
      while (source.grab() != null) frames++;
      assertThat(frames).isEqualTo(5);
    }
  }

  @Test
  void missingFileIsAPermanentErrorSayingSo() {
    FfmpegFrameSource source =
        new FfmpegFrameSource(
            CameraUrl.parse("/nonexistent/camera.mp4"), null, 2_000, TestFootage.roots());
    assertThatThrownBy(source::open)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("file not found")
        .satisfies(e -> assertThat(((SourceException) e).isPermanent()).isTrue());
  }

  @Test
  void aFileOutsideTheRootsIsRefusedAtOpenPermanentlyNamingTheKey(@TempDir Path dir)
      throws Exception {
    Path clip = TestFootage.clip(dir, 2);
    FfmpegFrameSource source =
        new FfmpegFrameSource(
            CameraUrl.parse(clip.toString()),
            null,
            2_000,
            new FileRoots(List.of(dir.resolve("videos").toString())));
    assertThatThrownBy(source::open)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("outside ingest.file-roots")
        .satisfies(e -> assertThat(((SourceException) e).isPermanent()).isTrue());
  }

  @Test
  void fileThatIsNotVideoIsAPermanentError(@TempDir Path dir) throws IOException {
    Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
    FfmpegFrameSource source =
        new FfmpegFrameSource(
            CameraUrl.parse(notVideo.toString()), null, 2_000, TestFootage.roots());
    assertThatThrownBy(source::open)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("no video")
        .satisfies(e -> assertThat(((SourceException) e).isPermanent()).isTrue());
  }

  @Test
  void refusedRtspConnectionIsRetryableAndNeverShowsTheCredentials() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CameraUrl url = CameraUrl.parse("rtsp://admin:hunter2@127.0.0.1:" + closedPort + "/live");
    FfmpegFrameSource source = new FfmpegFrameSource(url, null, 2_000, TestFootage.roots());
    assertThatThrownBy(source::open)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("connection refused")
        .hasMessageNotContaining("hunter2")
        .satisfies(
            e -> {
              assertThat(((SourceException) e).isPermanent()).isFalse();
              assertThat(String.valueOf(e.getCause())).doesNotContain("hunter2");
            });
  }

  @Test
  void silentServerTimesOutWithinTheReadTimeoutInsteadOfHanging() throws Exception {
    // Accepts the TCP connection and then says nothing, like a camera that hung.
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (!silent.isClosed()) {
                    silent.accept();
                  }
                } catch (IOException closed) {
                  // test over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      FfmpegFrameSource source =
          new FfmpegFrameSource(
              CameraUrl.parse("rtsp://127.0.0.1:" + silent.getLocalPort() + "/live"),
              null,
              1_500,
              TestFootage.roots());
      long started = System.nanoTime();
      assertThatThrownBy(source::open)
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("no data for 1500 ms")
          .satisfies(e -> assertThat(((SourceException) e).isPermanent()).isFalse());
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
    }
  }
}

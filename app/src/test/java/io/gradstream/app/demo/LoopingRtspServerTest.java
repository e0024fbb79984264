package io.gradstream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoopingRtspServerTest {
  private static final Logger log = LoggerFactory.getLogger(LoopingRtspServerTest.class);

  @Test
  @Timeout(90)
  void servesTheVideoLoopSurvivesKillAndRestartAndLeavesNoProcessBehind() throws Exception {
    LoopingRtspServer rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), "cam");
    List<ProcessHandle> firstRun;
    List<ProcessHandle> secondRun;
    try {
      assertThat(rtsp.url()).isEqualTo("rtsp://127.0.0.1:" + rtsp.clientPort() + "/cam");
      assertThat(rtsp.isAlive()).isTrue();
      firstRun = rtsp.processes();

      readFrames(rtsp.url(), 20);

      // A reader that is playing when the camera dies must notice, not hang.
      FFmpegFrameGrabber playing = grabber(rtsp.url());
      playing.start();
      assertThat(playing.grabImage()).isNotNull();
      rtsp.kill();
      assertThat(rtsp.isAlive()).isFalse();
      assertThat(firstRun).noneMatch(ProcessHandle::isAlive);
      long killed = System.nanoTime();
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 1_000; i++) {
                  if (playing.grabImage() == null) {
                    throw new IllegalStateException("end of stream");
                  }
                }
              })
          .isInstanceOf(Exception.class);
      log.info("a playing reader noticed the kill after {} ms", millisSince(killed));
      playing.close();

      long refused = System.nanoTime();
      assertThatThrownBy(() -> readFrames(rtsp.url(), 1)).isInstanceOf(Exception.class);
      assertThat(Duration.ofNanos(System.nanoTime() - refused)).isLessThan(Duration.ofSeconds(10));

      String url = rtsp.url();
      rtsp.restart();
      assertThat(rtsp.url()).isEqualTo(url);
      assertThat(rtsp.isAlive()).isTrue();
      secondRun = rtsp.processes();
      readFrames(rtsp.url(), 20);
    } finally {
      rtsp.close();
    }

    assertThat(secondRun).noneMatch(ProcessHandle::isAlive);
    Set<Long> ours =
        Stream.concat(firstRun.stream(), secondRun.stream())
            .map(ProcessHandle::pid)
            .collect(Collectors.toSet());
    assertThat(ProcessHandle.current().descendants().filter(h -> ours.contains(h.pid())).toList())
        .isEmpty();

    rtsp.close(); // idempotent
    assertThatThrownBy(rtsp::restart)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  @Timeout(60)
  void twoServersRunSideBySideOneOnAnExplicitPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (LoopingRtspServer a = LoopingRtspServer.start(DemoFootage.vtestAvi(), "front-door", port);
        LoopingRtspServer b = LoopingRtspServer.start(DemoFootage.vtestAvi(), "garage")) {
      assertThat(a.url()).isEqualTo("rtsp://127.0.0.1:" + port + "/front-door");
      assertThat(b.clientPort()).isNotEqualTo(port);
      readFrames(a.url(), 5);
      readFrames(b.url(), 5);
    }
  }

  @Test
  void aMissingVideoFileIsExplainedWithTheFix() {
    Path missing = Path.of("/nonexistent/gradstream/missing.avi");
    assertThatThrownBy(() -> LoopingRtspServer.start(missing, "cam"))
        .isInstanceOf(DemoSetupException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("sudo apt-get install rtsp-server-perl ffmpeg opencv-doc");
  }

  @Test
  @Timeout(60)
  void aServerThatDoesNotComeUpIsReportedWithTheLastLogLines(@TempDir Path dir) throws Exception {
    Path notAVideo = Files.writeString(dir.resolve("not-a-video.avi"), "this is not a video\n");
    assertThatThrownBy(() -> LoopingRtspServer.start(notAVideo, "cam"))
        .isInstanceOf(DemoSetupException.class)
        .hasMessageContaining("did not become readable")
        .hasMessageContaining("ffmpeg exited")
        .hasMessageContaining("ffmpeg.log")
        .hasMessageContaining(
            notAVideo.toString()); // ffmpeg's own complaint about the input, from the log tail
  }

  @Test
  void aMissingToolIsExplainedWithTheFix() {
    assertThatThrownBy(() -> LoopingRtspServer.requireTool("gradstream-no-such-tool", "the tool"))
        .isInstanceOf(DemoSetupException.class)
        .hasMessageContaining("'gradstream-no-such-tool'")
        .hasMessageContaining("./scripts/setup.sh");
  }

  @Test
  void rejectsAStreamNameThatIsNotAPathSegment() {
    assertThatThrownBy(() -> LoopingRtspServer.start(DemoFootage.vtestAvi(), "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolvesTheMediaControlUrlFromTheSdp() {
    String sdp =
        "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=No Name\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:streamid=0\r\n";
    assertThat(RtspProbe.setupUrl("rtsp://127.0.0.1:1/cam", sdp))
        .isEqualTo("rtsp://127.0.0.1:1/cam/streamid=0");
    assertThat(
            RtspProbe.setupUrl(
                "rtsp://127.0.0.1:1/cam", "m=video 0 RTP/AVP 96\na=control:rtsp://h/x"))
        .isEqualTo("rtsp://h/x");
    assertThat(RtspProbe.setupUrl("rtsp://127.0.0.1:1/cam", "m=video 0 RTP/AVP 96\n"))
        .isEqualTo("rtsp://127.0.0.1:1/cam");
  }

  /** Reads {@code count} frames over UDP and checks they are vtest.avi's full 768x576 pictures. */
  private static void readFrames(String url, int count) throws Exception {
    long begin = System.nanoTime();
    try (FFmpegFrameGrabber grabber = grabber(url)) {
      grabber.start();
      long started = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Frame frame = grabber.grabImage();
        assertThat(frame).as("frame %d", i).isNotNull();
        assertThat(frame.image).as("frame %d pixels", i).isNotNull();
        assertThat(frame.imageWidth).isEqualTo(768);
        assertThat(frame.imageHeight).isEqualTo(576);
        if (i == 0) {
          log.info(
              "first frame from {} after {} ms (start() took {} ms)",
              url,
              millisSince(begin),
              (started - begin) / 1_000_000);
        }
      }
    }
  }

  private static FFmpegFrameGrabber grabber(String url) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
    grabber.setOption("rtsp_transport", "udp"); // rtsp-server-perl sends RTP over UDP only
    grabber.setOption(
        "timeout", "5000000"); // µs; bounds connect, reads, and the wait for UDP packets
    // Stream analysis takes about 3.6 s by default, about 1.4 s with this; the SDP already has the
    // format.
    grabber.setOption("analyzeduration", "1000000");
    return grabber;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}

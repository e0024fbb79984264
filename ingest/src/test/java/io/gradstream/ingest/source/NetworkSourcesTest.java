package io.gradstream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gradstream.common.camera.CameraUrl;
import io.gradstream.ingest.capture.JpegEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The non-RTSP live sources against real servers: an HTTP MJPEG stream and an RTMP stream. */
class NetworkSourcesTest {

  @ParameterizedTest(name = "format \"{0}\"")
  @ValueSource(strings = {"mpjpeg", ""}) // named, and left to FFmpeg's probing
  void readsAnMjpegStreamOverHttp(String format) throws Exception {
    List<byte[]> jpegs = vtestJpegs(15);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/stream.mjpg",
        exchange -> {
          exchange
              .getResponseHeaders()
              .add("Content-Type", "multipart/x-mixed-replace; boundary=frame");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (byte[] jpeg : jpegs) {
              out.write(
                  ("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "
                          + jpeg.length
                          + "\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
              out.write(jpeg);
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
              Thread.sleep(50);
            }
          } catch (InterruptedException | IOException e) {
            // the reader went away
          }
        });
    server.start();
    try {
      CameraUrl url =
          CameraUrl.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/stream.mjpg");
      try (FfmpegFrameSource source =
          new FfmpegFrameSource(url, format, 5_000, TestFootage.roots())) {
        source.open();
        for (int i = 0; i < 5; i++) {
          GrabbedFrame frame = source.grab();
          assertThat(frame).isNotNull();
          assertThat(frame.width()).isEqualTo(768);
          assertThat(frame.height()).isEqualTo(576);
        }
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void readsAnRtmpStream(@TempDir Path dir) throws Exception {
    Path clip = TestFootage.clip(dir, 40);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String rtmp = "rtmp://127.0.0.1:" + port + "/live/cam";
    // ffmpeg as a one-client RTMP server (-listen 1) playing the clip in real time.
    Process server =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-re",
                "-i",
                clip.toString(),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                "10",
                "-f",
                "flv",
                "-listen",
                "1",
                rtmp)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ffmpeg.log").toFile())
            .start();
    try {
      FfmpegFrameSource source = null;
      SourceException last = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (source == null && System.nanoTime() < deadline) {
        FfmpegFrameSource attempt =
            new FfmpegFrameSource(CameraUrl.parse(rtmp), null, 5_000, TestFootage.roots());
        try {
          attempt.open();
          source = attempt;
        } catch (SourceException e) {
          last = e; // ffmpeg is not listening yet
          Thread.sleep(200);
        }
      }
      assertThat(source).as("RTMP source opened (last error: %s)", last).isNotNull();
      try (FfmpegFrameSource open = source) {
        for (int i = 0; i < 5; i++) {
          GrabbedFrame frame = open.grab();
          assertThat(frame).isNotNull();
          assertThat(frame.width()).isEqualTo(768);
          assertThat(frame.height()).isEqualTo(576);
        }
      }
    } finally {
      server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static List<byte[]> vtestJpegs(int count) throws Exception {
    List<byte[]> jpegs = new ArrayList<>();
    try (FfmpegFrameSource source =
            new FfmpegFrameSource(
                CameraUrl.parse(TestFootage.vtest().toString()), null, 5_000, TestFootage.roots());
        JpegEncoder encoder = new JpegEncoder(80)) {
      source.open();
      for (int i = 0; i < count; i++) {
        jpegs.add(encoder.encode(source.grab().image()));
      }
    }
    return jpegs;
  }
}

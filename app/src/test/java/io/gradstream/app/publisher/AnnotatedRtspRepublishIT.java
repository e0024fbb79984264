package io.gradstream.app.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.GradstreamConfig;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The annotated republish on real parts: vtest.avi looping on a Debian RTSP server
 * (rtsp-server-perl) as camera "lobby", gradstream running ingest, inference (the 320 model) and
 * the publisher with the embedded broker, and the publisher pushing the annotated stream back to
 * the same RTSP server. JavaCV's grabber reads it there (and as HLS from gradstream's own /hls/),
 * and its frames must carry the overlay: the warm parts of the jet-coloured maps, over every
 * person, make several times more of the picture strongly coloured than the grey campus footage
 * itself is.
 */
@Tag("e2e")
class AnnotatedRtspRepublishIT {
  private static final Path MODEL_320 =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");

  /**
   * Largest minus smallest channel of a strongly coloured pixel. Jet's saturated colours (cyan,
   * yellow, red), blended in at 0.45, spreads the channels by 0.45 * 255 = 115 on grey; its cold
   * dark blue only by 58, so this counts where the maps are warm. 2.4 to 2.8 % of vtest's own
   * pixels pass it (measured on frames 0, 200, 500, 700).
   */
  private static final int STRONG_COLOUR = 80;

  /**
   * The least share of strongly coloured pixels in an annotated frame. Instance maps (HiResCAM, the
   * default) are warm over the people rather than over the whole class's region, as Grad-CAM's
   * were: republished frames measured 0.108 (CI) and 0.119 (RTSP) / 0.121 (HLS) here, four times
   * the footage's own.
   */
  private static final double ANNOTATED_SHARE = 0.07;

  private static final Path ARTIFACTS = Path.of("target", "rtsp-republish");

  @Test
  void theAnnotatedStreamIsReadableOverRtspAndHlsAndCarriesTheHeatmaps(@TempDir Path dir)
      throws Exception {
    assertThat(MODEL_320)
        .as("the 320 demo model; run ./scripts/setup.sh to import it")
        .isRegularFile();
    try (LoopingRtspServer rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), "campus")) {
      GradstreamConfig config =
          new ConfigLoader(
                  Map.ofEntries(
                      Map.entry("GRADSTREAM_ROLES", "ingest,inference,publisher"),
                      Map.entry(
                          "GRADSTREAM_KAFKA_EMBEDDED_DATA_DIR", dir.resolve("kafka").toString()),
                      Map.entry("GRADSTREAM_KAFKA_EMBEDDED_PORT", "0"),
                      Map.entry("GRADSTREAM_KAFKA_EMBEDDED_CONTROLLER_PORT", "0"),
                      Map.entry("GRADSTREAM_HTTP_PORT", "0"),
                      Map.entry("GRADSTREAM_INFERENCE_MODEL", MODEL_320.toString()),
                      Map.entry("GRADSTREAM_INFERENCE_INPUT_SIZE", "320"),
                      Map.entry("GRADSTREAM_PUBLISHER_REPUBLISH_RTSP_URL", rtsp.publishBaseUrl()),
                      Map.entry("GRADSTREAM_PUBLISHER_REPUBLISH_RTSP_TRANSPORT", "udp"),
                      Map.entry(
                          "GRADSTREAM_PUBLISHER_REPUBLISH_HLS_DIR", dir.resolve("hls").toString()),
                      Map.entry(
                          "GRADSTREAM_CAMERAS",
                          "[{id: lobby, url: '" + rtsp.url() + "', max-fps: 5}]")))
              .load(null);
      try (GradstreamRuntime runtime = GradstreamRuntime.start(config)) {
        String annotatedUrl = "rtsp://127.0.0.1:" + rtsp.clientPort() + "/lobby";
        double annotated =
            colouredShare(grab(annotatedUrl, null, TimeUnit.SECONDS.toNanos(90), "annotated.png"));
        double raw =
            colouredShare(grab(rtsp.url(), null, TimeUnit.SECONDS.toNanos(30), "camera.png"));

        assertThat(raw)
            .as("share of strongly coloured pixels in the camera's own frames")
            .isLessThan(0.10);
        assertThat(annotated)
            .as("share of strongly coloured pixels in the republished frames")
            .isGreaterThan(ANNOTATED_SHARE)
            .isGreaterThan(2.5 * raw);
        // The same stream as HLS, served by gradstream itself.
        String hlsUrl = "http://127.0.0.1:" + runtime.httpPort() + "/hls/lobby/index.m3u8";
        assertThat(
                colouredShare(
                    grab(hlsUrl, runtime.accessToken(), TimeUnit.SECONDS.toNanos(30), "hls.png")))
            .as("HLS frames")
            .isGreaterThan(ANNOTATED_SHARE)
            .isGreaterThan(2.5 * raw);
        String metrics =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + runtime.httpPort() + "/metrics"))
                        .build(),
                    BodyHandlers.ofString())
                .body();
        assertThat(metrics)
            .containsPattern(
                "gradstream_publisher_frames_total\\{camera=\"lobby\",outcome=\"joined\"} [1-9]")
            .containsPattern(
                "gradstream_publisher_glass_to_glass_seconds_count\\{camera=\"lobby\"} [1-9]")
            .contains("gradstream_publisher_glass_to_glass_seconds_bucket{camera=\"lobby\",");
      }
    }
  }

  /**
   * Reads frames of {@code url} until one has been decoded after the stream settled, saves it under
   * target/rtsp-republish/ for people to look at, and returns it; retries while the stream is not
   * there yet.
   */
  private static BufferedImage grab(
      String url, String accessToken, long timeoutNanos, String artifact) throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
          Java2DFrameConverter converter = new Java2DFrameConverter()) {
        if (url.startsWith("rtsp:")) {
          grabber.setOption("rtsp_transport", "udp");
          grabber.setOption("timeout", "5000000");
        }
        if (accessToken != null) {
          // FFmpeg's HLS reader sends these headers with the playlist and with every segment.
          grabber.setOption("headers", "Authorization: Bearer " + accessToken + "\r\n");
        }
        grabber.start();
        int images = 0;
        for (Frame frame; (frame = grabber.grabImage()) != null; ) {
          // Skip the first frames: a reader joining mid-stream may decode a few before a key frame.
          if (++images >= 8) {
            BufferedImage image = converter.convert(frame);
            Files.createDirectories(ARTIFACTS);
            ImageIO.write(image, "png", ARTIFACTS.resolve(artifact).toFile());
            return image;
          }
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("no frames could be read from " + url, last);
  }

  /** The share of the image's pixels whose channels spread by more than {@link #STRONG_COLOUR}. */
  private static double colouredShare(BufferedImage image) {
    long coloured = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        if (max - min > STRONG_COLOUR) {
          coloured++;
        }
      }
    }
    return coloured / (double) (((image.getHeight() + 1) / 2) * ((image.getWidth() + 1) / 2));
  }
}

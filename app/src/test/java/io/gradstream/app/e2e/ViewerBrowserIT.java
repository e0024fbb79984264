package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.http.AccessGuard;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.InferenceConfig;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real browser: vtest.avi looping over RTSP -> one gradstream runtime with ingest,
 * inference (the real YOLOv5s at 320 px with Grad-CAM) and publisher on the embedded broker ->
 * headless Chromium on the viewer pages, plus a plain HTTP client on the MJPEG stream. Screenshots
 * are kept in {@code app/target/viewer-screenshots/}.
 *
 * <p>Needs the 320 model ({@code ./scripts/setup.sh}), {@code opencv-doc} (vtest.avi), {@code
 * rtsp-server-perl}, and Debian's {@code chromium} and {@code chromium-driver}.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewerBrowserIT {
  private static final String CAMPUS = "campus";
  private static final Path MODEL =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");
  private static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");
  private static final Duration PIPELINE_WARMUP = Duration.ofSeconds(120);

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;
  static LoopingRtspServer rtsp;
  static GradstreamRuntime gradstream;
  static ChromeDriver browser;
  static HttpApi api;
  static String base;

  /**
   * The latest a frame can reach the screen by design: the publisher shows every frame at most
   * {@code publisher.join-timeout-ms} after it arrived, with or without its detections; a second
   * more covers capture, ingest, Kafka, rendering and the browser on this shared machine.
   */
  static long latestShownMs;

  @BeforeAll
  static void start() throws IOException {
    assertThat(MODEL).as("the 320 demo model; run ./scripts/setup.sh to import it").isRegularFile();
    assertThat(Path.of("/usr/bin/chromium"))
        .as("Debian's chromium; run ./scripts/setup.sh")
        .isExecutable();
    assertThat(Path.of("/usr/bin/chromedriver"))
        .as("Debian's chromium-driver; run ./scripts/setup.sh")
        .isExecutable();
    Files.createDirectories(SCREENSHOTS);
    rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), CAMPUS);
    // 5 fps: the 320 model, ingest, the publisher and a browser share two cores.
    GradstreamConfig ingest =
        TestConfigs.ingest(
            dataDir.resolve("kafka"),
            List.of(new CameraConfig(CAMPUS, rtsp.url(), 5.0, 85, null, null)));
    InferenceConfig i = ingest.inference();
    InferenceConfig model320 =
        new InferenceConfig(
            MODEL.toString(),
            "",
            320,
            i.confidenceThreshold(),
            i.iouThreshold(),
            i.executionProviders(),
            i.intraOpThreads(),
            i.maxFrameAgeMs(),
            i.batch(),
            i.consumerGroup(),
            i.explain());
    GradstreamConfig all =
        new GradstreamConfig(
            List.of("ingest", "inference", "publisher"),
            ingest.kafka(),
            ingest.http(),
            ingest.ingest(),
            model320,
            ingest.publisher(),
            ingest.cameras());
    gradstream = GradstreamRuntime.start(all);
    latestShownMs = all.publisher().joinTimeoutMs() + 1_000;
    base = "http://127.0.0.1:" + gradstream.httpPort();
    api = HttpApi.of(gradstream);
    browser = startBrowser();
  }

  private static ChromeDriver startBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    // The background-networking flags keep Chromium from calling home on a closed network.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + browserProfile,
        "--window-size=1600,1000",
        "--force-device-scale-factor=1");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (gradstream != null) gradstream.close();
    if (rtsp != null) rtsp.close();
  }

  @Test
  @Order(0)
  void theBrowserIsLetInOnceByTheTokenInTheUrlWhichThenLeavesTheAddressBar() {
    browser.get(base + "/");
    assertThat(browser.getPageSource())
        .as("no token yet")
        .contains("this needs gradstream's access token");

    browser.get(base + "/?token=" + TestConfigs.TOKEN);
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/viewer/");
    assertThat(browser.manage().getCookieNamed(AccessGuard.COOKIE))
        .satisfies(
            cookie -> {
              assertThat(cookie.isHttpOnly()).isTrue();
              assertThat(cookie.getSameSite()).isEqualTo("Strict");
            });
  }

  @Test
  @Order(1)
  void theGridShowsTheCameraLiveWithItsStatusAndAnUpdatingThumbnail() throws IOException {
    browser.get(base + "/");
    WebElement card =
        await(
            PIPELINE_WARMUP,
            "the campus card to turn live",
            () -> {
              WebElement c =
                  browser.findElement(By.cssSelector(".card[data-camera='" + CAMPUS + "']"));
              return c.findElement(By.cssSelector(".pill")).getText().equalsIgnoreCase("live")
                  ? c
                  : null;
            });
    String firstThumb = await(Duration.ofSeconds(20), "a thumbnail", () -> loadedImageSource(card));
    String laterThumb =
        await(
            Duration.ofSeconds(20),
            "a newer thumbnail",
            () -> {
              String src = loadedImageSource(card);
              return src != null && !src.equals(firstThumb) ? src : null;
            });
    assertThat(laterThumb).contains("/streams/" + CAMPUS + "/latest.jpg");
    assertThat(card.getText()).contains(CAMPUS).containsIgnoringCase("fps");
    screenshot("grid");

    JsonNode cameras = api.get("/api/viewer/cameras").json().path("cameras");
    assertThat(cameras).hasSize(1);
    JsonNode campus = cameras.get(0);
    assertThat(campus.path("id").asText()).isEqualTo(CAMPUS);
    assertThat(campus.path("state").asText()).isEqualTo("live");
    assertThat(campus.path("url").asText()).isEqualTo(rtsp.url());
    assertThat(campus.path("registered").asBoolean()).isTrue();
    assertThat(campus.path("fps").asDouble()).isBetween(1.0, 10.0);
    assertThat(campus.path("last_frame_age_ms").asLong()).isBetween(0L, 3_000L);
  }

  @Test
  @Order(2)
  void theCameraPageShowsLiveFramesTheirLatencyAndTheDetections() {
    browser.get(base + "/viewer/camera.html?id=" + CAMPUS);
    WebElement stage = browser.findElement(By.id("stage"));
    int first =
        await(
            PIPELINE_WARMUP,
            "the first frames on the camera page",
            () -> {
              int n = frameCount(stage);
              return n >= 3 ? n : null;
            });
    int later =
        await(
            Duration.ofSeconds(20),
            "ten more frames",
            () -> {
              int n = frameCount(stage);
              return n >= first + 10 ? n : null;
            });
    assertThat(later).isGreaterThanOrEqualTo(first + 10);
    assertThat(Integer.parseInt(browser.findElement(By.id("frame-count")).getText()))
        .as("the visible frame counter")
        .isGreaterThanOrEqualTo(later);
    List<WebElement> detections =
        await(
            Duration.ofSeconds(60),
            "people in the detection list",
            () -> {
              List<WebElement> rows = browser.findElements(By.cssSelector("#detections li"));
              return rows.stream().anyMatch(r -> r.getText().contains("person")) ? rows : null;
            });
    assertThat(detections).isNotEmpty();
    assertThat(browser.findElement(By.id("camera-state")).getText()).isEqualToIgnoringCase("live");
    String latency = browser.findElement(By.id("latency")).getText();
    assertThat(latency).matches("\\d+ ms");
    int captureToScreen = Integer.parseInt(latency.replace(" ms", ""));
    System.out.printf(
        "viewer: capture to screen %d ms (bound %d ms)%n", captureToScreen, latestShownMs);
    assertThat(captureToScreen).as("capture to screen").isBetween(1, (int) latestShownMs);
    assertThat(browser.findElement(By.id("pipeline")).getText()).matches("\\d+ ms");

    String metrics = api.get("/metrics").body();
    assertThat(metrics).contains("gradstream_viewer_clients{kind=\"websocket\"} 1.0");
    assertThat(counter(metrics, "gradstream_viewer_frames_sent_total{kind=\"websocket\"}"))
        .isGreaterThanOrEqualTo(10);
  }

  @Test
  @Order(3)
  void heatmapsColourTheFrameWhenOnAndLeaveItAloneWhenOff() throws IOException {
    WebElement stage = browser.findElement(By.id("stage"));
    await(
        Duration.ofSeconds(60),
        "a frame drawn with heatmaps",
        () -> Integer.parseInt(stage.getDomAttribute("data-heatmaps-drawn")) > 0 ? true : null);
    Rectangle canvas = canvasOnScreen();
    double on = HeatmapPixels.share(screenshot("camera-heatmaps-on"), canvas);

    browser.findElement(By.cssSelector("label.toggle:has(#heatmaps)")).click();
    assertThat(browser.findElement(By.id("heatmaps")).isSelected()).isFalse();
    int now = frameCount(stage);
    await(
        Duration.ofSeconds(20),
        "two more frames",
        () -> frameCount(stage) >= now + 2 ? true : null);
    assertThat(stage.getDomAttribute("data-heatmaps-drawn")).isEqualTo("0");
    double off = HeatmapPixels.share(screenshot("camera-heatmaps-off"), canvas);

    // On: the jet blend tints the whole frame (about 70% of it blue-led on vtest.avi). Off: the
    // footage's own
    // colours, a fraction of a percent.
    assertThat(on)
        .as("share of heatmap-tinted canvas pixels with heatmaps on (off: %.4f)", off)
        .isGreaterThan(0.3);
    assertThat(off)
        .as("share of heatmap-tinted canvas pixels with heatmaps off (on: %.4f)", on)
        .isLessThan(0.02);

    browser.findElement(By.cssSelector("label.toggle:has(#heatmaps)")).click();
    assertThat(browser.findElement(By.id("heatmaps")).isSelected()).isTrue();
  }

  @Test
  @Order(4)
  void clickingADetectionOpensItsPanelWithClassScoreTrackAndQuality() throws IOException {
    // The list is redrawn with every frame, so a row can move between reading its key and the click
    // landing
    // (people enter and leave the crowd): the click is tried again until the panel shows the row
    // clicked.
    WebElement detail = browser.findElement(By.id("detail"));
    String opened =
        await(
            Duration.ofSeconds(30),
            "a person's panel opened by clicking its row",
            () -> {
              WebElement row =
                  browser.findElements(By.cssSelector("#detections li")).stream()
                      .filter(r -> r.getText().contains("person"))
                      .findFirst()
                      .orElse(null);
              if (row == null) {
                return null;
              }
              String key = row.getDomAttribute("data-key");
              row.click();
              return detail.isDisplayed()
                      && key != null
                      && key.equals(detail.getDomAttribute("data-key"))
                  ? key
                  : null;
            });
    assertThat(opened).isNotBlank();
    assertThat(browser.findElement(By.id("detail-title")).getText()).startsWith("person");
    assertThat(browser.findElement(By.id("detail-class")).getText()).isEqualTo("person (class 0)");
    assertThat(Double.parseDouble(browser.findElement(By.id("detail-score")).getText()))
        .isBetween(0.25, 1.0);
    assertThat(browser.findElement(By.id("detail-track")).getText())
        .as("the track, how long it was followed and how it scored")
        .matches("(#\\d+|untracked) · \\d+ frames?, mean score [01]\\.\\d\\d");
    assertThat(browser.findElement(By.id("detail-energy")).getText()).matches("\\d+%");
    assertThat(Double.parseDouble(browser.findElement(By.id("detail-concentration")).getText()))
        .isBetween(0.0, 1.0);
    assertThat(Double.parseDouble(browser.findElement(By.id("detail-confidence")).getText()))
        .isBetween(0.0, 1.0);
    assertThat(browser.findElement(By.id("detail-method")).getText()).isEqualTo("hirescam");
    // setup fits the reliability model beside the demo model, so every detection carries its
    // reliability.
    assertThat(Double.parseDouble(browser.findElement(By.id("detail-reliability")).getText()))
        .isBetween(0.0, 1.0);
    assertThat(browser.findElement(By.id("detail-layer")).getText()).contains("stride");
    // The enlarged map is drawn: the panel's canvas is heatmap-tinted.
    WebElement map = browser.findElement(By.id("detail-map"));
    BufferedImage shot = screenshot("camera-detection-selected");
    assertThat(HeatmapPixels.share(shot, rectangleOf(map))).isGreaterThan(0.2);
  }

  @Test
  @Order(5)
  void theMjpegStreamSendsJpegPartsThatDecodeAndAnUnknownCameraIsA404() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/streams/" + CAMPUS + "/mjpeg"))
                .header("Authorization", "Bearer " + TestConfigs.TOKEN)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    String contentType = response.headers().firstValue("Content-Type").orElseThrow();
    try (InputStream body = response.body()) {
      MjpegParts parts = new MjpegParts(body, contentType);
      for (int i = 0; i < 3; i++) {
        MjpegParts.Part part = parts.next();
        assertThat(part.contentType()).isEqualTo("image/jpeg");
        BufferedImage frame = ImageIO.read(new ByteArrayInputStream(part.body()));
        assertThat(frame).as("part %d decodes as an image", i).isNotNull();
        assertThat(frame.getWidth()).isEqualTo(768);
        assertThat(frame.getHeight()).isEqualTo(576);
      }
    }

    HttpResponse<byte[]> latest =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/streams/" + CAMPUS + "/latest.jpg"))
                .header("Authorization", "Bearer " + TestConfigs.TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(latest.statusCode()).isEqualTo(200);
    assertThat(ImageIO.read(new ByteArrayInputStream(latest.body())).getWidth()).isEqualTo(768);

    HttpApi.Response unknown = api.get("/streams/nosuchcamera/mjpeg");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").asText()).contains("no camera 'nosuchcamera'");
  }

  /**
   * Every metric the operations contract names, with its labels, on one scrape of the all-roles
   * runtime; the scrape is kept in {@code app/target/metrics-scrape.txt}.
   */
  @Test
  @Order(6)
  void oneScrapeServesEveryContractMetricWithItsLabels() throws Exception {
    // A rendered frame, so the publisher's render stage has an observation.
    assertThat(api.get("/streams/" + CAMPUS + "/latest.jpg").status()).isEqualTo(200);
    String c = "camera=\"" + CAMPUS + "\"";
    List<String> wanted =
        new java.util.ArrayList<>(
            List.of(
                "gradstream_ingest_frames_total{" + c + "}",
                "gradstream_ingest_frames_skipped_total{" + c + "}",
                "gradstream_ingest_frames_dropped_total{" + c + ",reason=",
                "gradstream_ingest_decode_errors_total{" + c + "}",
                "gradstream_ingest_reconnects_total{" + c + "}",
                "gradstream_ingest_fps{" + c + "}",
                "gradstream_ingest_camera_state{" + c + ",state=\"streaming\"} 1",
                "gradstream_inference_frames_total{" + c + "}",
                "gradstream_inference_frames_out_total{" + c + "}",
                "gradstream_inference_detections_total{" + c + "}",
                "gradstream_inference_frame_age_seconds_bucket{le=\"0.5\"}",
                "gradstream_inference_batch_size_bucket{le=\"1.0\"}",
                "gradstream_inference_explanation_confidence_ratio_bucket{method=\"hirescam\",le=\"0.05\"}",
                "gradstream_inference_detection_reliability_ratio_bucket{class=\"person\",le=\"0.5\"}",
                "gradstream_inference_consumer_lag_records ",
                "gradstream_inference_dead_letters_total ",
                "gradstream_inference_delivery_retries_total ",
                "gradstream_publisher_frames_total{" + c + ",outcome=\"joined\"}",
                "gradstream_publisher_frames_total{" + c + ",outcome=\"late\"}",
                "gradstream_publisher_glass_to_glass_seconds_bucket{" + c + ",le=\"1.0\"}",
                "gradstream_publisher_stage_latency_seconds_bucket{stage=\"render\",le=\"0.1\"}",
                "gradstream_publisher_stage_latency_seconds_bucket{stage=\"publish\",le=\"0.001\"}",
                "gradstream_webhook_attempt_failures_total{",
                "gradstream_viewer_clients{kind=",
                "gradstream_viewer_frames_sent_total{kind=",
                "gradstream_viewer_frames_skipped_total{kind=",
                "kafka_consumer_fetch_manager_records_lag_max{",
                "kafka_producer_",
                "vertx_http_server_response_time_seconds_bucket{",
                "jvm_memory_used_bytes{",
                "process_cpu_usage ",
                "system_cpu_count "));
    for (String reason :
        List.of("stale", "backpressure", "undecodable", "detector-error", "revoked")) {
      wanted.add("gradstream_inference_frames_dropped_total{" + c + ",reason=\"" + reason + "\"}");
    }
    for (String stage : List.of("queue", "decode", "inference", "explain", "track", "total")) {
      wanted.add(
          "gradstream_inference_stage_latency_seconds_bucket{stage=\""
              + stage
              + "\",le=\"0.001\"}");
    }
    for (String type : List.of("low-confidence", "wrong-reasons", "class-flip")) {
      wanted.add("gradstream_alerts_fired_total{type=\"" + type + "\"}");
    }
    for (String outcome : List.of("delivered", "rejected", "gave-up", "abandoned")) {
      wanted.add("gradstream_webhook_deliveries_total{outcome=\"" + outcome + "\"}");
    }
    // The lag and the client metrics refresh on their own schedules: wait until every series is
    // there.
    String scrape =
        await(
            Duration.ofSeconds(90),
            "every contract metric on /metrics",
            () -> {
              String body = api.get("/metrics").body();
              return wanted.stream().allMatch(w -> body.lines().anyMatch(l -> l.startsWith(w)))
                  ? body
                  : null;
            });
    Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
    assertThat(
            scrape
                .lines()
                .filter(l -> l.startsWith("# TYPE gradstream_inference_stage_latency_seconds ")))
        .containsExactly("# TYPE gradstream_inference_stage_latency_seconds histogram");
    assertThat(scrape)
        .contains("# TYPE gradstream_publisher_glass_to_glass_seconds histogram")
        .contains("# TYPE gradstream_inference_explanation_confidence_ratio histogram")
        .doesNotContain("rtsp://")
        .doesNotContain("camera=\"other\"");
    assertThat(counter(scrape, "gradstream_inference_frames_out_total{" + c + "}")).isPositive();
    assertThat(counter(scrape, "gradstream_publisher_frames_total{" + c + ",outcome=\"joined\"}"))
        .isPositive();
  }

  private static int frameCount(WebElement stage) {
    return Integer.parseInt(stage.getDomAttribute("data-frame-count"));
  }

  private static String loadedImageSource(WebElement card) {
    WebElement img = card.findElement(By.tagName("img"));
    Object loaded =
        browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img);
    return Boolean.TRUE.equals(loaded) ? img.getDomProperty("src") : null;
  }

  private static double counter(String prometheus, String series) {
    return prometheus
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElse(-1);
  }

  /** The canvas's area in screenshot pixels, 2 px in from its edges. */
  private static Rectangle canvasOnScreen() {
    Rectangle r = rectangleOf(browser.findElement(By.id("view")));
    return new Rectangle(r.x + 2, r.y + 2, r.width - 4, r.height - 4);
  }

  private static Rectangle rectangleOf(WebElement element) {
    var r = element.getRect();
    return new Rectangle(r.getX(), r.getY(), r.getWidth(), r.getHeight());
  }

  private static BufferedImage screenshot(String name) throws IOException {
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  private static <T> T await(
      Duration timeout, String what, java.util.function.Supplier<T> condition) {
    return new WebDriverWait(browser, timeout, Duration.ofMillis(200))
        .withMessage("waiting for " + what)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(NumberFormatException.class)
        .until(driver -> condition.get());
  }
}

package io.gradstream.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.InferenceConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Camera credentials stay in the camera registry and go nowhere else. A real runtime (ingest,
 * inference with the 320 model when setup imported it, publisher) runs a live camera whose URL
 * carries user:password, a configured camera with credentials on a dead port, and one more posted
 * through the API; every HTTP surface (camera API, viewer API, its WebSocket frames, the alert
 * feeds, MJPEG, /metrics, the error bodies) and every log event of the run (logback, messages and
 * stack traces) is searched for the password. The same runtime proves the real routes refuse a
 * request without the token and an oversized body is answered 413 while the server goes on.
 */
@Tag("e2e")
class CredentialsNeverLeakIT {
  private static final String PASSWORD = "Pa55w0rd-never-shown-7f3a";
  private static final Path MODEL =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");

  @TempDir Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> seen = new ArrayList<>();

  @Test
  void thePasswordOfACameraUrlAppearsInNoLogNoApiNoMetricsAndNoViewerMessage() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (LoopingRtspServer rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), "campus")) {
      String live = rtsp.url().replaceFirst("^rtsp://", "rtsp://viewer:" + PASSWORD + "@");
      String dead = "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + deadPort + "/stream1";
      GradstreamConfig ingest =
          TestConfigs.ingest(
              dataDir.resolve("kafka"),
              List.of(
                  new CameraConfig("campus", live, 5.0, 85, null, null),
                  new CameraConfig("gate", dead, 5.0, 85, null, null)));
      List<String> roles =
          Files.isRegularFile(MODEL)
              ? List.of("ingest", "inference", "publisher")
              : List.of("ingest", "publisher");
      InferenceConfig i = ingest.inference();
      InferenceConfig model =
          Files.isRegularFile(MODEL)
              ? new InferenceConfig(
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
                  i.explain())
              : i;
      GradstreamConfig config =
          new GradstreamConfig(
              roles,
              ingest.kafka(),
              ingest.http(),
              ingest.ingest(),
              model,
              ingest.publisher(),
              ingest.cameras());

      try (GradstreamRuntime gradstream = GradstreamRuntime.start(config)) {
        HttpApi api = HttpApi.of(gradstream);
        String base = "http://127.0.0.1:" + gradstream.httpPort();
        keep(
            api.post(
                    "/cameras",
                    "{\"id\":\"door\",\"url\":\"rtsp://ops:"
                        + PASSWORD
                        + "@127.0.0.1:"
                        + deadPort
                        + "/live\"}")
                .body());
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> api.cameraStatus("campus").path("state").asText(), "STREAMING"::equals);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> !api.cameraStatus("gate").path("last_error").isNull());

        for (String path :
            List.of(
                "/cameras",
                "/cameras/campus",
                "/cameras/gate",
                "/cameras/door",
                "/api/viewer/cameras",
                "/api/viewer/alerts?max=500",
                "/api/alerts?limit=500",
                "/metrics",
                "/ready",
                "/cameras/nosuch",
                "/streams/nosuch/mjpeg")) {
          keep(api.get(path).body());
        }
        keep(
            api.post(
                    "/cameras",
                    "{\"id\":\"gate\",\"url\":\"rtsp://x:" + PASSWORD + "@127.0.0.1/again\"}")
                .body());
        keep(viewerMessages(base, gradstream.accessToken()));
        keep(firstBytes(base + "/api/viewer/alerts/events", gradstream.accessToken(), 2_000));
        keep(firstBytes(base + "/streams/campus/mjpeg", gradstream.accessToken(), 20_000));

        realRoutesRefuseARequestWithoutTheToken(base);
        anOversizedBodyIs413AndTheApiGoesOn(api);
      }
    } finally {
      root.detachAppender(logged);
    }
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : logged.list) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertThat(lines)
        .as("log events of the run")
        .hasSizeGreaterThan(10)
        .anySatisfy(l -> assertThat(l).contains("camera=gate"))
        .noneSatisfy(l -> assertThat(l).contains(PASSWORD));
    assertThat(seen)
        .as("HTTP answers")
        .hasSizeGreaterThan(10)
        .noneSatisfy(s -> assertThat(s).contains(PASSWORD));
    // The searches looked at the real thing: the redacted URLs and the dead camera's error are
    // there.
    assertThat(String.join("\n", seen))
        .contains("rtsp://***@127.0.0.1:")
        .contains("cannot open rtsp://***@127.0.0.1:" + deadPort)
        .contains("gradstream_ingest_frames_total");
  }

  private void realRoutesRefuseARequestWithoutTheToken(String base) throws Exception {
    for (String path :
        List.of(
            "/cameras",
            "/api/viewer/cameras",
            "/api/viewer/alerts",
            "/api/alerts",
            "/",
            "/viewer/index.html",
            "/streams/campus/latest.jpg",
            "/streams/campus/mjpeg",
            "/snapshots/" + "0".repeat(64) + ".jpg")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(401);
    }
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  private void anOversizedBodyIs413AndTheApiGoesOn(HttpApi api) {
    String huge = "{\"id\":\"big\",\"url\":\"rtsp://127.0.0.1/" + "x".repeat(70_000) + "\"}";
    assertThat(api.post("/cameras", huge).status()).isEqualTo(413);
    assertThat(api.get("/cameras").status()).isEqualTo(200);
    assertThat(api.get("/cameras/big").status()).isEqualTo(404);
  }

  /**
   * A few frame messages of the campus WebSocket, bytes read as Latin-1 so any ASCII password would
   * show.
   */
  private String viewerMessages(String base, String token) throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    StringBuilder current = new StringBuilder();
    WebSocket socket =
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .buildAsync(
                URI.create(base.replace("http", "ws") + "/ws/cameras/campus"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                    byte[] chunk = new byte[data.remaining()];
                    data.get(chunk);
                    current.append(new String(chunk, StandardCharsets.ISO_8859_1));
                    if (last) {
                      messages.add(current.toString());
                      current.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    messages.add(data.toString());
                    ws.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> messages.size() >= 3);
    socket.abort();
    return String.join("\n", messages);
  }

  /**
   * Up to {@code max} bytes of a stream that may never end (or send nothing), read for at most five
   * seconds.
   */
  private String firstBytes(String url, String token, int max) throws Exception {
    HttpResponse<java.io.InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.InputStream in = response.body();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  byte[] chunk = new byte[1024];
                  try {
                    for (int n; out.size() < max && (n = in.read(chunk)) > 0; ) {
                      synchronized (out) {
                        out.write(chunk, 0, n);
                      }
                    }
                  } catch (java.io.IOException closed) {
                    // closed below, after the five seconds
                  }
                });
    reader.join(Duration.ofSeconds(5));
    in.close();
    reader.interrupt();
    synchronized (out) {
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void keep(String text) {
    seen.add(text);
  }
}

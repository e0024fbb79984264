package io.gradstream.publisher.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.join.JoinedFrame;
import io.gradstream.publisher.live.LiveFeed;
import io.gradstream.publisher.registry.RegisteredCameras;
import io.gradstream.publisher.render.RenderOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The viewer's routes on a real Vert.x server and real sockets, fed by a live feed in memory. */
class ViewerRoutesTest {
  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final LiveFeed feed = new LiveFeed(RenderOptions.defaults(), System::nanoTime);
  private final List<CameraRegistration> registered = new CopyOnWriteArrayList<>();
  private final Alerts alerts = new Alerts();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;
  private String base;

  /** The alert feed as the alert engine will fill it. */
  static final class Alerts implements AlertStream {
    final List<String> recent = new CopyOnWriteArrayList<>();
    final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    void raise(String json) {
      recent.addFirst(json);
      listeners.forEach(l -> l.accept(json));
    }

    @Override
    public List<String> recentJson(int max) {
      return recent.stream().limit(max).toList();
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  }

  @BeforeEach
  void start() throws Exception {
    RegisteredCameras cameras =
        new RegisteredCameras() {
          @Override
          public List<CameraRegistration> cameras() {
            return registered;
          }

          @Override
          public Optional<CameraRegistration> get(String id) {
            return registered.stream().filter(c -> c.getId().equals(id)).findFirst();
          }

          @Override
          public boolean healthy() {
            return true;
          }
        };
    Router router = Router.router(vertx);
    new ViewerRoutes(vertx, feed, cameras, alerts, meters).mount(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUnknownCameraIsA404ThatSaysSoOnEveryStream() throws Exception {
    for (String path :
        List.of("/streams/nope/mjpeg", "/streams/nope/latest.jpg", "/ws/cameras/nope")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).contains("no camera 'nope'", "/api/viewer/cameras");
    }
  }

  @Test
  void aRegisteredCameraWithoutFramesIsWaitingAndItsCredentialsNeverLeave() throws Exception {
    registered.add(
        CameraRegistration.newBuilder()
            .setId("lobby")
            .setUrl("rtsp://admin:s3cret@10.0.0.7/live")
            .build());

    HttpResponse<String> cameras = get("/api/viewer/cameras");
    assertThat(cameras.body())
        .contains("\"id\":\"lobby\"", "\"state\":\"waiting\"", "rtsp://***@10.0.0.7/live")
        .doesNotContain("admin", "s3cret");
    HttpResponse<String> latest = get("/streams/lobby/latest.jpg");
    assertThat(latest.statusCode()).isEqualTo(503);
    assertThat(latest.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void alertsAreListedAndNewOnesArriveAsServerSentEvents() throws Exception {
    alerts.raise("{\"id\":\"a1\",\"rule\":\"low-confidence\",\"camera_id\":\"gate\"}");
    assertThat(get("/api/viewer/alerts?max=5").body())
        .isEqualTo("[{\"id\":\"a1\",\"rule\":\"low-confidence\",\"camera_id\":\"gate\"}]");
    assertThat(get("/api/viewer/alerts?max=many").statusCode()).isEqualTo(400);

    HttpResponse<java.io.InputStream> events =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/viewer/alerts/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(events.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine())
          .startsWith(":"); // the greeting comment, so the client knows it is connected
      await().atMost(Duration.ofSeconds(5)).until(() -> !alerts.listeners.isEmpty());
      alerts.raise(
          "{\"id\":\"a2\",\"rule\":\"wrong-reasons\",\"snapshot_url\":\"/snapshots/a2.jpg\"}");
      String line = lines.readLine();
      while (line.isEmpty()) {
        line = lines.readLine();
      }
      assertThat(line)
          .isEqualTo(
              "data: {\"id\":\"a2\",\"rule\":\"wrong-reasons\",\"snapshot_url\":\"/snapshots/a2.jpg\"}");
    }
  }

  @Test
  void anMjpegClientThatStopsReadingSkipsToTheNewestFrameInsteadOfQueueing() throws Exception {
    byte[] jpeg = noiseJpeg();
    publish(jpeg, 1);
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(16 * 1024);
      client.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
      OutputStream out = client.getOutputStream();
      out.write(
          "GET /streams/cam/mjpeg HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(5)).until(() -> counter("gradstream.viewer.clients") == 1);
      // The client reads nothing: a few frames fill the socket buffers, and the rest must be
      // skipped.
      int published = 200;
      for (int seq = 2; seq <= published; seq++) {
        publish(jpeg, seq);
        Thread.sleep(5);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> counter("gradstream.viewer.frames.skipped") > 0);
      double sent = counter("gradstream.viewer.frames.sent");
      double skipped = counter("gradstream.viewer.frames.skipped");
      assertThat(sent)
          .as("frames written to a client that reads nothing")
          .isLessThan(published / 2.0);
      assertThat(skipped).isGreaterThan(published / 2.0);

      // What did reach the client is well-formed MJPEG.
      byte[] head = client.getInputStream().readNBytes(400);
      String text = new String(head, StandardCharsets.ISO_8859_1);
      assertThat(text)
          .startsWith("HTTP/1.1 200")
          .contains("multipart/x-mixed-replace; boundary=gradstreamframe")
          .contains("--gradstreamframe\r\nContent-Type: image/jpeg\r\nContent-Length: ");
    }
  }

  private double counter(String name) {
    var search = meters.find(name).tag("kind", "mjpeg");
    if (search.counter() != null) {
      return search.counter().count();
    }
    return search.gauge() == null ? -1 : search.gauge().value();
  }

  private void publish(byte[] jpeg, long seq) {
    feed.publish(
        new JoinedFrame(
            FrameEnvelope.newBuilder()
                .setCameraId("cam")
                .setSeq(seq)
                .setWidth(640)
                .setHeight(480)
                .setCaptureTimeUnixMicros(System.currentTimeMillis() * 1000)
                .setData(ByteString.copyFrom(jpeg))
                .build(),
            null));
  }

  /** A frame that compresses badly, so a few fill the socket buffers. */
  private static byte[] noiseJpeg() throws Exception {
    BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 480; y++) {
      for (int x = 0; x < 640; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }
}

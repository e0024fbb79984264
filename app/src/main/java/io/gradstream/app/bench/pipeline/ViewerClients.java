package io.gradstream.app.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One viewer per camera, connected to the publisher's WebSocket ({@code /ws/cameras/{id}}) as the
 * browser's camera page is. Glass-to-glass of a frame is its capture time (ingest's wall clock) to
 * the whole message having arrived here: it includes the Kafka hops, the worker, the publisher's
 * join, the message encode (JSON, maps in base64, the JPEG) and the socket on loopback; not the
 * browser drawing it. Only frames that came with their detections count; the publisher's
 * latest-wins sender may skip frames for a busy viewer, so there can be fewer samples than
 * explained frames.
 */
public final class ViewerClients implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final MeasurementWindow window;
  private final ExactLatencies glassToGlass = new ExactLatencies();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong withoutDetections = new AtomicLong();
  private final List<WebSocket> sockets = new ArrayList<>();

  private ViewerClients(MeasurementWindow window) {
    this.window = window;
  }

  /**
   * Connects a viewer to each camera on the publisher at {@code port}. The publisher knows a camera
   * once its first frame came, so each connect is retried until {@code timeout}.
   *
   * @param accessToken the publisher's HTTP token, sent as a bearer header; null when it asks for
   *     none
   * @throws IOException when a camera cannot be viewed in time
   */
  public static ViewerClients connect(
      int port,
      String accessToken,
      List<String> cameras,
      MeasurementWindow window,
      Duration timeout)
      throws IOException {
    ViewerClients viewers = new ViewerClients(window);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String camera : cameras) {
      URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/cameras/" + camera);
      while (true) {
        try {
          WebSocket.Builder builder =
              viewers.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
          if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
          }
          viewers.sockets.add(
              builder.buildAsync(uri, viewers.new Listener()).get(10, TimeUnit.SECONDS));
          break;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            viewers.close();
            throw new IOException("could not view camera " + camera + " at " + uri + ": " + e, e);
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            viewers.close();
            throw new IOException("interrupted", interrupted);
          }
        }
      }
    }
    return viewers;
  }

  /** Capture to arrival of every frame with detections captured in the window. */
  public ExactLatencies glassToGlass() {
    return glassToGlass;
  }

  /** Messages received, all cameras. */
  public long received() {
    return received.get();
  }

  /**
   * Messages of frames shown without detections (they did not come within the publisher's join
   * timeout).
   */
  public long withoutDetections() {
    return withoutDetections.get();
  }

  void message(ByteBuffer whole, long arrivedMicros) throws IOException {
    received.incrementAndGet();
    int jsonLength = whole.getInt(0);
    JsonNode json = JSON.readTree(whole.array(), whole.arrayOffset() + 4, jsonLength);
    if (!json.path("detected").asBoolean(false)) {
      withoutDetections.incrementAndGet();
      return;
    }
    long captured = json.path("capture_us").asLong(0);
    if (window.contains(captured)) {
      glassToGlass.record(arrivedMicros - captured);
    }
  }

  @Override
  public void close() {
    for (WebSocket socket : sockets) {
      socket.abort();
    }
    http.close();
  }

  /** Gathers a message's parts; the frame has arrived when its last part has. */
  private final class Listener implements WebSocket.Listener {
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      parts.writeBytes(chunk);
      if (last) {
        long arrived = MeasurementWindow.nowMicros();
        try {
          message(ByteBuffer.wrap(parts.toByteArray()), arrived);
        } catch (IOException | RuntimeException e) {
          // a message the bench cannot read is not a frame it can time
        }
        parts.reset();
      }
      socket.request(1);
      return null;
    }
  }
}

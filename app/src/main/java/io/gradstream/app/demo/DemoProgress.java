package io.gradstream.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.render.FrameRenderer;
import io.gradstream.publisher.render.RenderOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The demo's live progress line: each camera's state as the REST API reports it, what arrived in
 * Kafka's frames and detections topics, and the newest explained frame saved as a JPEG with its
 * boxes.
 */
public final class DemoProgress implements AutoCloseable {
  /**
   * Frames held to find the one a detection result belongs to; detections trail frames by a few.
   */
  private static final int FRAMES_KEPT = 100;

  private final TopicTap<FrameEnvelope> frames;
  private final TopicTap<ExplainedFrame> detections;
  private final URI cameras;
  private final Path latestJpeg;
  private final String accessToken;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  private DemoProgress(
      TopicTap<FrameEnvelope> frames,
      TopicTap<ExplainedFrame> detections,
      URI cameras,
      String accessToken,
      Path latestJpeg) {
    this.frames = frames;
    this.detections = detections;
    this.cameras = cameras;
    this.accessToken = accessToken;
    this.latestJpeg = latestJpeg;
  }

  /**
   * Starts following the frames and detections topics of the cluster {@code kafka} reaches.
   *
   * @param accessToken the HTTP server's token for the camera API, or null when it asks for none
   */
  public static DemoProgress start(
      KafkaConnection kafka,
      String framesTopic,
      String detectionsTopic,
      int httpPort,
      String accessToken,
      Path latestJpeg) {
    return new DemoProgress(
        new TopicTap<>(kafka, framesTopic, FrameEnvelope::parseFrom, FRAMES_KEPT),
        new TopicTap<>(kafka, detectionsTopic, ExplainedFrame::parseFrom, 1),
        URI.create("http://127.0.0.1:" + httpPort + "/cameras"),
        accessToken,
        latestJpeg);
  }

  /** Frames read back from Kafka so far. */
  public long framesInKafka() {
    return frames.count();
  }

  /** Explained frames read back from Kafka so far. */
  public long explainedFramesInKafka() {
    return detections.count();
  }

  /** One progress line; also refreshes the saved JPEG. */
  public String line() {
    StringBuilder line = new StringBuilder("    ").append(cameraStates());
    line.append("in Kafka: ")
        .append(frames.count())
        .append(" frames, ")
        .append(detections.count())
        .append(" explained");
    Optional<ExplainedFrame> explained = detections.newest().stream().reduce((a, b) -> b);
    explained.ifPresent(
        e ->
            line.append(
                String.format(
                    " | seq %d: %s in %d ms",
                    e.getSeq(), summary(e), e.getTimings().getTotalMicros() / 1000)));
    try {
      if (save(explained)) {
        line.append(" -> ").append(latestJpeg);
      }
    } catch (IOException e) {
      line.append(" (cannot write ")
          .append(latestJpeg)
          .append(": ")
          .append(e.getMessage())
          .append(')');
    }
    return line.toString();
  }

  private String cameraStates() {
    StringBuilder states = new StringBuilder();
    try {
      HttpResponse<String> response = get(cameras, Duration.ofSeconds(2));
      if (response.statusCode() != 200) {
        return "camera API answered " + response.statusCode() + " | ";
      }
      for (Iterator<JsonNode> it = json.readTree(response.body()).elements(); it.hasNext(); ) {
        JsonNode camera = it.next();
        JsonNode status = camera.path("status");
        states.append(
            String.format(
                "%s %s %.1f fps",
                camera.path("id").asText(),
                status.path("state").asText("?"),
                status.path("fps").asDouble()));
        if (!status.path("last_error").isNull()
            && !status.path("state").asText().equals("STREAMING")) {
          states.append(" (").append(status.path("last_error").asText()).append(')');
        }
        states.append(" | ");
      }
    } catch (IOException e) {
      states.append("camera API not answering: ").append(e.getMessage()).append(" | ");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return states.toString();
  }

  /** GET {@code uri} from the runtime's HTTP server, with the access token when it has one. */
  private HttpResponse<String> get(URI uri, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    if (accessToken != null) {
      request.header("Authorization", "Bearer " + accessToken);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String summary(ExplainedFrame frame) {
    if (frame.getDetectionsCount() == 0) {
      return "nothing detected";
    }
    Map<String, Long> byLabel =
        frame.getDetectionsList().stream()
            .collect(Collectors.groupingBy(d -> d.getLabel(), TreeMap::new, Collectors.counting()));
    return byLabel.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }

  /**
   * Writes the frame the newest detections belong to, maps and boxes drawn, or the newest frame
   * when nothing was explained yet; atomically, so a viewer never sees half a file.
   *
   * @return whether a file was written
   */
  private boolean save(Optional<ExplainedFrame> explained) throws IOException {
    List<FrameEnvelope> held = frames.newest();
    Optional<FrameEnvelope> frame =
        explained.isPresent()
            ? held.stream()
                .filter(
                    f ->
                        f.getCameraId().equals(explained.get().getCameraId())
                            && f.getSeq() == explained.get().getSeq())
                .findFirst()
            : held.stream().reduce((a, b) -> b);
    if (frame.isEmpty()) {
      return false;
    }
    byte[] jpeg = frame.get().getData().toByteArray();
    if (explained.isPresent()) {
      jpeg = FrameRenderer.renderJpeg(jpeg, explained.get(), RenderOptions.defaults());
    }
    Path tmp = latestJpeg.resolveSibling(latestJpeg.getFileName() + ".tmp");
    Files.write(tmp, jpeg);
    Files.move(
        tmp, latestJpeg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /**
   * The alerts the publisher raised so far (its {@code /api/alerts}, newest first, at most 500), as
   * JSON.
   *
   * @throws IOException when the publisher does not answer 200
   */
  public JsonNode alerts() throws IOException, InterruptedException {
    HttpResponse<String> response =
        get(cameras.resolve("/api/alerts?limit=500"), Duration.ofSeconds(5));
    if (response.statusCode() != 200) {
      throw new IOException("/api/alerts answered " + response.statusCode());
    }
    return json.readTree(response.body());
  }

  /** The closing sentence. */
  public String summary() {
    if (frames.count() == 0) {
      return "No frame reached Kafka: see the camera's last_error above and the log.";
    }
    return "Done: "
        + frames.count()
        + " frames travelled RTSP -> ingest -> Kafka, "
        + detections.count()
        + " came back explained from the inference worker. The newest is in "
        + latestJpeg
        + ".";
  }

  @Override
  public void close() throws InterruptedException {
    frames.close();
    detections.close();
  }
}

package io.gradstream.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.common.wire.FrameEnvelope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;

/**
 * The demo's live progress line: each camera's state as the REST API reports it, and what actually
 * arrived in Kafka, with the newest frame saved as a JPEG to look at.
 */
public final class DemoProgress implements AutoCloseable {
  private final FrameTap tap;
  private final URI cameras;
  private final Path latestJpeg;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  private DemoProgress(FrameTap tap, URI cameras, Path latestJpeg) {
    this.tap = tap;
    this.cameras = cameras;
    this.latestJpeg = latestJpeg;
  }

  /** Starts following the frames topic of the broker at {@code bootstrapServers}. */
  public static DemoProgress start(String bootstrapServers, String framesTopic, int httpPort, Path latestJpeg) {
    return new DemoProgress(new FrameTap(bootstrapServers, framesTopic),
        URI.create("http://127.0.0.1:" + httpPort + "/cameras"), latestJpeg);
  }

  /** Frames read back from Kafka so far. */
  public long framesInKafka() {
    return tap.frames();
  }

  /** One progress line; also refreshes the saved JPEG. */
  public String line() {
    StringBuilder line = new StringBuilder("    ");
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(cameras).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      for (Iterator<JsonNode> it = json.readTree(response.body()).elements(); it.hasNext(); ) {
        JsonNode camera = it.next();
        JsonNode status = camera.path("status");
        line.append(String.format("%s %s %.1f fps, %d frames produced", camera.path("id").asText(),
            status.path("state").asText("?"), status.path("fps").asDouble(), status.path("frames").asLong()));
        if (!status.path("last_error").isNull() && !status.path("state").asText().equals("STREAMING")) {
          line.append(" (").append(status.path("last_error").asText()).append(')');
        }
        line.append(" | ");
      }
    } catch (IOException e) {
      line.append("camera API not answering: ").append(e.getMessage()).append(" | ");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    line.append("in Kafka: ").append(tap.frames()).append(" frames");
    FrameEnvelope frame = tap.latest();
    if (frame != null) {
      line.append(String.format(", newest seq %d %dx%d JPEG %d KB", frame.getSeq(), frame.getWidth(), frame.getHeight(),
          frame.getData().size() / 1024));
      try {
        tap.saveLatest(latestJpeg);
        line.append(" -> ").append(latestJpeg);
      } catch (IOException e) {
        line.append(" (cannot write ").append(latestJpeg).append(": ").append(e.getMessage()).append(')');
      }
    }
    return line.toString();
  }

  /** The closing sentence. */
  public String summary() {
    return tap.frames() > 0
        ? "Done: " + tap.frames() + " frames travelled RTSP -> ingest -> Kafka. The newest is in " + latestJpeg + "."
        : "No frame reached Kafka: see the camera's last_error above and the log.";
  }

  @Override
  public void close() throws InterruptedException {
    tap.close();
  }
}

package io.gradstream.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.app.runtime.GradstreamRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for gradstream's API, as an operator's script would use it. */
final class HttpApi {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String base;
  private final String accessToken;

  /**
   * A client of the server at {@code port} that sends {@code accessToken} as a bearer token (none
   * when null).
   */
  HttpApi(int port, String accessToken) {
    this.base = "http://127.0.0.1:" + port;
    this.accessToken = accessToken;
  }

  /** A client of {@code runtime}'s HTTP server with its access token. */
  static HttpApi of(GradstreamRuntime runtime) {
    return new HttpApi(runtime.httpPort(), runtime.accessToken());
  }

  /** A response: status code, body text and the body as JSON (null when not JSON). */
  record Response(int status, String body, JsonNode json) {}

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json"));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** The status of one camera, or a missing node when the camera is unknown. */
  JsonNode cameraStatus(String id) {
    Response r = get("/cameras/" + id);
    return r.status() == 200 ? r.json().path("status") : json.missingNode();
  }

  private Response send(HttpRequest.Builder request) {
    if (accessToken != null) {
      request.header("Authorization", "Bearer " + accessToken);
    }
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      try {
        body = json.readTree(response.body());
      } catch (IOException notJson) {
        // /metrics is text
      }
      return new Response(response.statusCode(), response.body(), body);
    } catch (IOException e) {
      throw new IllegalStateException("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package io.gradstream.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runtime's Vert.x reports its HTTP server's latencies into the runtime's registry as
 * histograms.
 */
class VertxWithMetricsTest {

  @Test
  void httpServerLatenciesAreHistogramsWithTheConfiguredBuckets() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = VertxWithMetrics.create(registry);
    try {
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(r -> r.response().end("ok"))
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      // Held in a variable: an unreferenced client may be cleaned up mid-request.
      HttpClient client = vertx.createHttpClient();
      String body =
          client
              .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/health")
              .compose(req -> req.send().compose(resp -> resp.body()))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .toString();
      client.close();
      assertThat(body).isEqualTo("ok");

      String scrape = registry.scrape();
      assertThat(scrape).contains("# TYPE vertx_http_server_response_time_seconds histogram");
      // Every configured bucket is there (the first request may take longer than the smallest); the
      // one request is counted.
      for (String le : new String[] {"0.001", "0.005", "0.1", "1.0", "10.0"}) {
        assertThat(scrape)
            .containsPattern(
                "vertx_http_server_response_time_seconds_bucket\\{[^}]*le=\""
                    + Pattern.quote(le)
                    + "\"\\} [01]\n");
      }
      assertThat(scrape)
          .containsPattern(
              "vertx_http_server_response_time_seconds_bucket\\{[^}]*le=\"\\+Inf\"\\} 1\n");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}

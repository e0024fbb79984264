package io.gradstream.app.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The runtime's Vert.x, reporting its own metrics ({@code vertx_http_server_*}, {@code vertx_http_client_*},
 * pools, event bus) into the runtime's registry, so {@code /metrics} serves them beside gradstream's.
 */
final class VertxWithMetrics {
  private VertxWithMetrics() {}

  /** A Vert.x whose metrics go to {@code registry}. */
  static Vertx create(MeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        // The route template, never the path: camera ids and alert ids in URLs would make a series each.
        .setLabels(java.util.Set.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
            Label.POOL_NAME))
        // JVM metrics are bound once by the runtime; Vert.x would register them a second time.
        .setJvmMetricsEnabled(false);
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}

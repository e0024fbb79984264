package io.gradstream.app.runtime;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The runtime's Vert.x, reporting its own metrics ({@code vertx_http_server_*}, {@code
 * vertx_http_client_*}, pools, event bus) into the runtime's registry, so {@code /metrics} serves
 * them beside gradstream's. The HTTP server's timings are histograms, so Prometheus can take
 * quantiles over every replica.
 */
final class VertxWithMetrics {
  /** The HTTP server's latency buckets: 1 ms (a probe) to 10 s (a slow snapshot under load). */
  static final Duration[] HTTP_SERVER_BUCKETS =
      Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
          .map(Duration::ofMillis)
          .toArray(Duration[]::new);

  private VertxWithMetrics() {}

  /** A Vert.x whose metrics go to {@code registry}. */
  static Vertx create(MeterRegistry registry) {
    registry.config().meterFilter(httpServerHistograms());
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            // The route template, never the path: camera ids and alert ids in URLs would make a
            // series each.
            .setLabels(
                java.util.Set.of(
                    Label.HTTP_ROUTE,
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME))
            // JVM metrics are bound once by the runtime; Vert.x would register them a second time.
            .setJvmMetricsEnabled(false);
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /**
   * Vert.x records its HTTP server timers without buckets (a summary, whose quantiles cannot be
   * aggregated across replicas); this gives them {@link #HTTP_SERVER_BUCKETS}.
   */
  static MeterFilter httpServerHistograms() {
    double[] nanos = Stream.of(HTTP_SERVER_BUCKETS).mapToDouble(Duration::toNanos).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("vertx.http.server.")) {
          return DistributionStatisticConfig.builder()
              .serviceLevelObjectives(nanos)
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }
}
